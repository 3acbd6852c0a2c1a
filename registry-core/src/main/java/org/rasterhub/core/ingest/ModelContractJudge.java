package org.rasterhub.core.ingest;

import java.nio.file.Path;
import java.util.List;
import org.rasterhub.core.emd.ModelDefinition;

/**
 * Reads a package's model file at upload, without running it, and judges it against its model
 * definition: what the file says it takes and returns (recorded with the version as JSON), and every
 * reason a run as the definition describes it could not work (shown as warnings at upload, so that a
 * contract the runner cannot meet is known before anyone runs it). Implemented where the engines'
 * conventions are known (the runner); registry-core only records the answer.
 */
@FunctionalInterface
public interface ModelContractJudge {
    /** Judges nothing: no contract recorded, no problems. */
    ModelContractJudge NONE = (definition, modelPath, modelFile) -> Judgement.UNREAD;

    /**
     * @param modelPath the model file's path in the package, for messages
     * @param modelFile its staged bytes, an ONNX file by its content
     * @return never null; a file the judge cannot read gives {@link Judgement#UNREAD} or its problem
     */
    Judgement judge(ModelDefinition definition, String modelPath, Path modelFile);

    /**
     * @param contractJson what the model file says of itself, as JSON; null when it was not read
     * @param problems     one line per reason a run would fail, naming the file, what it expects, what
     *                     RasterHub supports and what to change
     */
    record Judgement(String contractJson, List<String> problems) {
        public static final Judgement UNREAD = new Judgement(null, List.of());

        public Judgement {
            problems = List.copyOf(problems);
        }
    }
}
