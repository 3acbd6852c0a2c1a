package org.rasterhub.runner.preflight;

import java.util.List;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.runner.contract.OnnxModelFacts;
import org.rasterhub.runner.contract.OnnxModelFacts.Dimension;
import org.rasterhub.runner.contract.OnnxModelFacts.TensorFacts;

/**
 * Judges an ONNX model's own input against what the runner will feed it, from the facts written in
 * the file ({@link OnnxModelFacts}): one float32 tensor {@code [N, bands, tile, tile]}, channels first.
 * A fixed dimension that cannot match is an error before anything is queued, with the model's own
 * shape in the message, instead of an engine failure on the first batch.
 */
final class ModelContractCheck {
    private ModelContractCheck() {
    }

    static void check(ModelDefinition emd, String modelPath, OnnxModelFacts facts, List<PreflightFinding> findings) {
        List<TensorFacts> inputs = facts.inputs();
        if (inputs.size() != 1) {
            findings.add(PreflightFinding.error(modelPath, "the model takes " + inputs.size() + " inputs " + inputs
                    + "; the runner feeds one image tensor"));
            return;
        }
        TensorFacts input = inputs.get(0);
        if (!input.elementType().equals("float")) {
            findings.add(PreflightFinding.error(modelPath, "the model's input is " + input + "; the runner feeds"
                    + " float32"));
        }
        List<Dimension> shape = input.shape();
        if (shape == null) {
            return;     // nothing fixed: the engine will say at the first batch
        }
        if (shape.size() != 4) {
            findings.add(PreflightFinding.error(modelPath, "the model's input is " + input + "; the runner feeds one"
                    + " [batch, bands, height, width] tensor"));
            return;
        }
        int bands = emd.extractBands().size() * (emd.modelType().equals("ChangeDetection") ? 2 : 1);
        int tile = emd.imageHeight().orElse(-1);
        if (bands > 0 && differs(shape.get(1), bands)) {
            boolean channelsLast = !differs(shape.get(3), bands) && !differs(shape.get(1), tile);
            findings.add(PreflightFinding.error(modelPath, channelsLast
                    ? "the model takes its bands last (" + input + ", NHWC); the runner feeds them first (NCHW):"
                        + " export the model channels first, or wait for NHWC input support"
                    : "the model takes " + shape.get(1) + " bands (" + input + ") but the model definition's"
                        + " ExtractBands names " + bands));
            return;
        }
        if (tile > 0 && (differs(shape.get(2), tile) || differs(shape.get(3), tile))) {
            findings.add(PreflightFinding.error(modelPath, "the model's input is fixed at " + shape.get(2) + " x "
                    + shape.get(3) + " pixels (" + input + ") but ImageHeight/ImageWidth say " + tile));
        }
    }

    private static boolean differs(Dimension dimension, long expected) {
        return dimension.fixed() && dimension.size() != expected;
    }
}
