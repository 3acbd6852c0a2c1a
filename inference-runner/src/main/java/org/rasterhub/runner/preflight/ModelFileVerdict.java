package org.rasterhub.runner.preflight;

import org.rasterhub.core.codescan.FileAssessment;

/** What ingest's code scan concluded about a model file: can an engine here run it, and why (not). */
public record ModelFileVerdict(String path, boolean runnableHere, String reason) {

    public static ModelFileVerdict of(FileAssessment assessment) {
        return new ModelFileVerdict(assessment.path(), assessment.runnableHere(), assessment.reason());
    }
}
