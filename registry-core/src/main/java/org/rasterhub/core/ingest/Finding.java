package org.rasterhub.core.ingest;

import java.util.List;

/** A problem together with the kind of rejection it calls for. */
record Finding(RejectionReason reason, IngestProblem problem) {

    static Finding of(RejectionReason reason, String file, String message) {
        return new Finding(reason, IngestProblem.inFile(file, message));
    }

    /** One rejection for several findings: the first one's reason, every problem. */
    static PackageRejectedException reject(List<Finding> findings) {
        return new PackageRejectedException(findings.get(0).reason(),
                findings.stream().map(Finding::problem).toList());
    }

    PackageRejectedException reject() {
        return new PackageRejectedException(reason, problem);
    }
}
