package org.rasterhub.runner.contract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rasterhub.runner.contract.OnnxModelFacts.Dimension;
import org.rasterhub.runner.contract.OnnxModelFacts.TensorFacts;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.LongTensor;
import org.rasterhub.runner.engine.Tensor;

/**
 * Feeds a model the way its file says it wants to be fed, whatever batch and layout the tools use
 * (they always pass {@code [N, bands, tile, tile]}): a batch dimension fixed in the file (most exports
 * fix it at 1) is met by running the batch in pieces of that size and joining the outputs, and a model
 * that takes its bands last (NHWC, TensorFlow exports) gets its input transposed. Outputs keep their
 * own layout; {@code ClassMap} reads channels-last outputs itself.
 */
public final class ContractAdaptedModel implements InferenceModel {
    private final InferenceModel model;
    private final long fixedBatch;
    private final Dimension channelsAt1;
    private final Dimension channelsAt3;

    private ContractAdaptedModel(InferenceModel model, long fixedBatch, Dimension channelsAt1, Dimension channelsAt3) {
        this.model = model;
        this.fixedBatch = fixedBatch;
        this.channelsAt1 = channelsAt1;
        this.channelsAt3 = channelsAt3;
    }

    /** {@code model} as its facts say it takes input; as it is when they say nothing that needs adapting. */
    public static InferenceModel adapt(InferenceModel model, OnnxModelFacts facts) {
        if (facts.inputs().size() != 1 || facts.inputs().get(0).shape() == null
                || facts.inputs().get(0).shape().size() != 4) {
            return model;
        }
        List<Dimension> shape = facts.inputs().get(0).shape();
        long batch = shape.get(0).fixed() && shape.get(0).size() > 0 ? shape.get(0).size() : 0;
        return new ContractAdaptedModel(model, batch, shape.get(1), shape.get(3));
    }

    /**
     * Whether an input with these facts takes {@code channels} bands last: its last dimension is
     * fixed at that count and its second is not. The pre-flight and the runner share this rule.
     */
    public static boolean channelsLast(TensorFacts input, long channels) {
        List<Dimension> shape = input.shape();
        return shape != null && shape.size() == 4 && channelsLast(shape.get(1), shape.get(3), channels);
    }

    private static boolean channelsLast(Dimension second, Dimension last, long channels) {
        return last.fixed() && last.size() == channels && !(second.fixed() && second.size() == channels);
    }

    /** Each lane fed as the file says, like the model. */
    @Override
    public List<InferenceModel> lanes() {
        List<InferenceModel> lanes = model.lanes();
        return lanes.size() == 1 ? List.of(this) : lanes.stream()
                .map(lane -> (InferenceModel) new ContractAdaptedModel(lane, fixedBatch, channelsAt1, channelsAt3))
                .toList();
    }

    @Override
    public String engineName() {
        return model.engineName();
    }

    @Override
    public List<Tensor> runAll(FloatTensor input) throws InferenceException {
        long[] shape = input.shape();
        FloatTensor fed = shape.length == 4 && channelsLast(channelsAt1, channelsAt3, shape[1])
                ? toChannelsLast(input) : input;
        long count = shape[0];
        if (fixedBatch == 0 || count == fixedBatch || count % fixedBatch != 0) {
            return model.runAll(fed);   // a batch the file does not fix, or one no piece size divides: as asked
        }
        int pieces = (int) (count / fixedBatch);
        int perPiece = fed.values().length / pieces;
        long[] pieceShape = fed.shape().clone();
        pieceShape[0] = fixedBatch;
        List<List<Tensor>> results = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            float[] values = Arrays.copyOfRange(fed.values(), p * perPiece, (p + 1) * perPiece);
            results.add(model.runAll(new FloatTensor(pieceShape, values)));
            if (p == 0 && !results.get(0).stream().allMatch(this::hasBatchAxis)) {
                return model.runAll(fed);   // outputs without a batch axis cannot be joined: the engine says why
            }
        }
        List<Tensor> joined = new ArrayList<>();
        for (int output = 0; output < results.get(0).size(); output++) {
            joined.add(join(results, output, count));
        }
        return joined;
    }

    private boolean hasBatchAxis(Tensor output) {
        return output.shape().length > 0 && output.shape()[0] == fixedBatch;
    }

    /** One output of every piece, joined along the batch axis. */
    private static Tensor join(List<List<Tensor>> results, int output, long count) {
        Tensor first = results.get(0).get(output);
        long[] shape = first.shape().clone();
        shape[0] = count;
        if (first instanceof FloatTensor floats) {
            float[] all = new float[Math.multiplyExact(results.size(), floats.values().length)];
            for (int p = 0; p < results.size(); p++) {
                float[] values = ((FloatTensor) results.get(p).get(output)).values();
                System.arraycopy(values, 0, all, p * values.length, values.length);
            }
            return new FloatTensor(shape, all);
        }
        long[] all = new long[Math.multiplyExact(results.size(), ((LongTensor) first).values().length)];
        for (int p = 0; p < results.size(); p++) {
            long[] values = ((LongTensor) results.get(p).get(output)).values();
            System.arraycopy(values, 0, all, p * values.length, values.length);
        }
        return new LongTensor(shape, all);
    }

    /** {@code [N, C, H, W]} to {@code [N, H, W, C]}. */
    static FloatTensor toChannelsLast(FloatTensor input) {
        long[] s = input.shape();
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        float[] in = input.values();
        float[] out = new float[in.length];
        int plane = h * w;
        for (int b = 0; b < n; b++) {
            int base = b * c * plane;
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    out[base + p * c + ch] = in[base + ch * plane + p];
                }
            }
        }
        return new FloatTensor(new long[] {n, h, w, c}, out);
    }

    @Override
    public void close() {
        model.close();
    }
}
