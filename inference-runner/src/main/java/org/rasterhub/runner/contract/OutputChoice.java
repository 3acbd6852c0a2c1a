package org.rasterhub.runner.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rasterhub.runner.classify.ClassMap;

/**
 * Which output of an ONNX model Classify Pixels reads, and whether its channels are independent
 * sigmoid probabilities, decided from the model file before the run is queued. An output whose fixed
 * shape fits none of the accepted per-pixel shapes for the run's tiles is known now, not at the first
 * batch: when no output can fit, upload warns and pre-flight refuses the run, quoting every output.
 *
 * @param outputIndex         the output to read (declared order), or null: the first accepted at run time
 * @param independentChannels whether the chosen output of several channels is computed by Sigmoid
 * @param problem             why no output can fit, or null
 */
public record OutputChoice(Integer outputIndex, boolean independentChannels, String problem) {
    public static final OutputChoice UNKNOWN = new OutputChoice(null, false, null);

    /**
     * The choice for tiles of {@code tileSize} with {@code padding}; {@code facts} null (TorchScript,
     * a file this reader cannot follow) leaves it to run time.
     */
    public static OutputChoice of(OnnxModelFacts facts, int tileSize, int padding) {
        if (facts == null || facts.outputs().isEmpty()) {
            return UNKNOWN;
        }
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < facts.outputs().size(); i++) {
            OnnxModelFacts.TensorFacts output = facts.outputs().get(i);
            Optional<long[]> shape = judgeable(output);
            if (shape.isEmpty()) {
                return new OutputChoice(i, sigmoid(facts, output), null);
            }
            if (ClassMap.describe(shape.get(), output.elementType(), tileSize, padding).isPresent()) {
                return new OutputChoice(i, sigmoid(facts, output) && channels(shape.get()) > 1, null);
            }
            refused.add(output.toString());
        }
        return new OutputChoice(null, false, "no output of the model is a per-pixel result for tiles of "
                + tileSize + " with padding " + padding + ": " + String.join("; ", refused) + ". Expected int64 [N, S, S]"
                + " or [N, 1, S, S] class indexes, float [N, classes, S, S] scores or [N, 1, S, S] probabilities"
                + " (or channels last), where S is the tile (" + tileSize + "), its core (" + (tileSize - 2 * padding)
                + ") or either divided by a whole number; change tileSize or padding, or re-export the model");
    }

    // A shape every dimension of which but the batch is fixed; the batch is judged as 1.
    private static Optional<long[]> judgeable(OnnxModelFacts.TensorFacts output) {
        if (output.shape() == null || output.shape().isEmpty()) {
            return Optional.empty();
        }
        long[] shape = new long[output.shape().size()];
        for (int d = 0; d < shape.length; d++) {
            OnnxModelFacts.Dimension dim = output.shape().get(d);
            if (d == 0 && !dim.fixed()) {
                shape[d] = 1;
            } else if (!dim.fixed()) {
                return Optional.empty();
            } else {
                shape[d] = dim.size();
            }
        }
        return Optional.of(shape);
    }

    private static boolean sigmoid(OnnxModelFacts facts, OnnxModelFacts.TensorFacts output) {
        return "Sigmoid".equals(facts.outputOps().get(output.name()));
    }

    // NCHW unless the last dimension is the smaller (channels last); 1 for [N, S, S].
    private static long channels(long[] shape) {
        return shape.length == 4 ? (shape[2] == shape[3] ? shape[1] : shape[3]) : 1;
    }
}
