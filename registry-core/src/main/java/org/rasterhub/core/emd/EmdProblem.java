package org.rasterhub.core.emd;

/** One problem in a model definition, located by JSON pointer and, where known, line and column. */
public record EmdProblem(String jsonPath, Integer line, Integer column, String message) {
}
