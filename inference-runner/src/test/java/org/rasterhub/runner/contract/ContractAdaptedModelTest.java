package org.rasterhub.runner.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.LongTensor;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

class ContractAdaptedModelTest {
    @TempDir Path tmp;

    @Test
    void aBatchFixedAtOneInTheFileIsRunInPiecesAndTheOutputsJoinInOrder() throws Exception {
        Path file = TinyOnnxModels.write(tmp.resolve("wins.onnx"), TinyOnnxModels.brightestBandWins(3));
        FloatTensor four = random(new long[] {4, 3, 8, 8}, 1);
        // Independently: the brightest band of every pixel of every tile, ties to the lowest band.
        long[] expected = new long[4 * 64];
        for (int i = 0; i < expected.length; i++) {
            int tile = i / 64;
            int pixel = i % 64;
            int best = 0;
            for (int band = 1; band < 3; band++) {
                if (four.values()[(tile * 3 + band) * 64 + pixel] > four.values()[(tile * 3 + best) * 64 + pixel]) {
                    best = band;
                }
            }
            expected[i] = best;
        }
        try (OnnxModel raw = OnnxModel.load(file)) {
            assertThrows(InferenceException.class, () -> raw.run(four), "the engine alone refuses batch 4");
            InferenceModel adapted = ContractAdaptedModel.adapt(raw, OnnxModelFacts.read(file));

            LongTensor classes = (LongTensor) adapted.run(four);

            assertArrayEquals(new long[] {4, 8, 8}, classes.shape());
            assertArrayEquals(expected, classes.values());
        }
    }

    @Test
    void aModelTakingItsBandsLastGetsItsInputTransposed() throws Exception {
        // Transpose to channels first, then identity scores: the output must equal the NCHW input exactly.
        Path file = TinyOnnxModels.write(tmp.resolve("nhwc.onnx"), TinyOnnxModels.channelsLastInput(3, 8));
        FloatTensor two = random(new long[] {2, 3, 8, 8}, 2);
        try (OnnxModel raw = OnnxModel.load(file)) {
            InferenceModel adapted = ContractAdaptedModel.adapt(raw, OnnxModelFacts.read(file));

            FloatTensor scores = (FloatTensor) adapted.run(two);

            assertArrayEquals(two.shape(), scores.shape());
            assertArrayEquals(two.values(), scores.values());
        }
    }

    @Test
    void aModelWhoseFileFixesNothingIsUsedAsItIs() throws Exception {
        Path file = TinyOnnxModels.write(tmp.resolve("any.onnx"), TinyOnnxModels.brightestBandScores(3));
        try (OnnxModel raw = OnnxModel.load(file)) {
            FloatTensor input = random(new long[] {3, 3, 4, 4}, 3);
            InferenceModel adapted = ContractAdaptedModel.adapt(raw, OnnxModelFacts.read(file));
            assertArrayEquals(input.values(), ((FloatTensor) adapted.run(input)).values());
            assertSame(raw, ContractAdaptedModel.adapt(raw, new OnnxModelFacts(8, "", "", java.util.Map.of(),
                    java.util.List.of(), java.util.List.of(), java.util.Map.of())));
        }
    }

    private static FloatTensor random(long[] shape, long seed) {
        Random random = new Random(seed);
        float[] values = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(1000);
        }
        return new FloatTensor(shape, values);
    }
}
