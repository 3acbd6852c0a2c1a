package org.rasterhub.core.emd;

import java.util.Comparator;

/** One problem in a model definition, located by JSON pointer and, where known, line and column. */
public record EmdProblem(String jsonPath, Integer line, Integer column, String message) {

    /** By line, then column, as a reader goes through the file; problems without a position last. */
    public static final Comparator<EmdProblem> IN_FILE_ORDER = Comparator
            .comparing(EmdProblem::line, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(EmdProblem::column, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(EmdProblem::jsonPath);
}
