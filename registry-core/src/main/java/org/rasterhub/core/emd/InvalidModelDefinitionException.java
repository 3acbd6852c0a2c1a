package org.rasterhub.core.emd;

import java.util.List;

/** A model definition could not be read or breaks a rule; carries every problem found. */
public final class InvalidModelDefinitionException extends Exception {
    private final List<EmdProblem> problems;

    public InvalidModelDefinitionException(List<EmdProblem> problems) {
        super(problems.size() + " problem(s) in the model definition, first: " + problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public List<EmdProblem> problems() {
        return problems;
    }
}
