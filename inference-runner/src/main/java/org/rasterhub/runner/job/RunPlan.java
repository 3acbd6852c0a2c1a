package org.rasterhub.runner.job;

import java.nio.file.Path;
import java.util.List;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.storage.ContentHash;

/**
 * What a run's job needs, read in one transaction when it starts.
 *
 * @param modelPath the model file's path in the package, whose extension tells its format
 */
public record RunPlan(long runId, Tool tool, ContentHash model, String modelPath, String modelType, List<Input> inputs,
               List<ModelClass> classes, EffectiveArguments arguments) {

    /**
     * One input: the hash of the bytes it was submitted with, its name for messages, and where it
     * is read from (the blob store, or the server file it was registered at).
     */
    record Input(RunInput.Role role, ContentHash sha256, String fileName, Path location, boolean serverFile) {
    }

    List<Input> inputs(RunInput.Role role) {
        return inputs.stream().filter(i -> i.role() == role).toList();
    }
}
