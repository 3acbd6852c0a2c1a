package org.rasterhub.core.ingest;

import java.util.List;

/**
 * An upload was refused; nothing of it was kept. Carries every problem found, not only the first.
 */
public final class PackageRejectedException extends Exception {
    private final RejectionReason reason;
    private final List<IngestProblem> problems;

    public PackageRejectedException(RejectionReason reason, List<IngestProblem> problems) {
        super(summary(reason, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one problem");
        }
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public PackageRejectedException(RejectionReason reason, IngestProblem problem) {
        this(reason, List.of(problem));
    }

    public RejectionReason reason() {
        return reason;
    }

    public List<IngestProblem> problems() {
        return problems;
    }

    private static String summary(RejectionReason reason, List<IngestProblem> problems) {
        String first = problems.isEmpty() ? "" : problems.get(0).toString();
        return problems.size() == 1
                ? reason.description() + ": " + first
                : reason.description() + ": " + problems.size() + " problems, first: " + first;
    }
}
