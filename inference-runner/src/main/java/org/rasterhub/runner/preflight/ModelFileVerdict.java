package org.rasterhub.runner.preflight;

import java.io.IOException;
import java.nio.file.Path;
import org.rasterhub.core.codescan.FileAssessment;
import org.rasterhub.core.codescan.FileKind;
import org.rasterhub.core.codescan.PackageFileScanner;
import org.rasterhub.runner.contract.OnnxModelFacts;
import org.rasterhub.runner.engine.InferenceModels;

/**
 * What ingest's code scan concluded about a model file: can an engine here run it, and why (not).
 *
 * @param kind what the file is, or null when only the stored verdict is known
 * @param onnx what an ONNX file says about its inputs and outputs, when the file was read
 */
public record ModelFileVerdict(String path, boolean runnableHere, String reason, FileKind kind, OnnxModelFacts onnx) {

    /** A verdict stored without the file's kind. */
    public ModelFileVerdict(String path, boolean runnableHere, String reason) {
        this(path, runnableHere, reason, null, null);
    }

    /** A verdict without the file's own facts. */
    public ModelFileVerdict(String path, boolean runnableHere, String reason, FileKind kind) {
        this(path, runnableHere, reason, kind, null);
    }

    public static ModelFileVerdict of(FileAssessment assessment) {
        return new ModelFileVerdict(assessment.path(), assessment.runnableHere(), assessment.reason(),
                assessment.kind());
    }

    /**
     * Scans the model file again with the engines this runner has ({@link InferenceModels#enginesHere}):
     * a verdict stored at upload reflects the engines of that day ("TorchScript: needs the PyTorch
     * engine"). Reads the file, never loads it.
     *
     * @param path    the file's path inside the package, as the {@code .emd} names it
     * @param content the file's bytes on disk
     * @throws IOException when the file cannot be read
     */
    public static ModelFileVerdict assess(String path, Path content) throws IOException {
        ModelFileVerdict verdict = of(new PackageFileScanner(InferenceModels.enginesHere()).assess(path, content));
        if (verdict.kind() != FileKind.ONNX || !verdict.runnableHere()) {
            return verdict;
        }
        try {
            return new ModelFileVerdict(path, true, verdict.reason(), FileKind.ONNX, OnnxModelFacts.read(content));
        } catch (IOException unreadable) {
            return verdict;     // ONNX Runtime may still read what this reader cannot follow: judged at run time
        }
    }
}
