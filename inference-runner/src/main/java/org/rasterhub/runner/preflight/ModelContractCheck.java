package org.rasterhub.runner.preflight;

import java.util.List;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.runner.contract.ContractAdaptedModel;
import org.rasterhub.runner.contract.OnnxModelFacts;
import org.rasterhub.runner.contract.OnnxModelFacts.Dimension;
import org.rasterhub.runner.contract.OnnxModelFacts.TensorFacts;

/**
 * Judges an ONNX model's own input against what the runner will feed it, from the facts written in
 * the file ({@link OnnxModelFacts}): one float32 tensor of {@code bands} and {@code tile x tile}
 * pixels, bands first or last, any batch ({@link ContractAdaptedModel} meets the file's).
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
        // Bands last (NHWC) is met by transposing the input (ContractAdaptedModel): its sizes are at 1 and 2.
        boolean channelsLast = bands > 0 && ContractAdaptedModel.channelsLast(input, bands);
        if (bands > 0 && !channelsLast && differs(shape.get(1), bands)) {
            findings.add(PreflightFinding.error(modelPath, "the model takes " + shape.get(1) + " bands (" + input
                    + ") but the model definition's ExtractBands names " + bands));
            return;
        }
        Dimension height = shape.get(channelsLast ? 1 : 2);
        Dimension width = shape.get(channelsLast ? 2 : 3);
        if (tile > 0 && (differs(height, tile) || differs(width, tile))) {
            findings.add(PreflightFinding.error(modelPath, "the model's input is fixed at " + height + " x " + width
                    + " pixels (" + input + ") but ImageHeight/ImageWidth say " + tile));
        }
    }

    private static boolean differs(Dimension dimension, long expected) {
        return dimension.fixed() && dimension.size() != expected;
    }
}
