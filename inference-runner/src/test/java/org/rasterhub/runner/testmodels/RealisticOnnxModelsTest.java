package org.rasterhub.runner.testmodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.engine.Tensor;

class RealisticOnnxModelsTest {
    private static final int BANDS = 3;
    private static final int BATCH = 2;
    private static final int HEIGHT = 48;
    private static final int WIDTH = 40;

    @TempDir Path tmp;

    @Test
    void givesPerPixelClassScoresOfTheInputsSizeAndIsDeterministic() throws Exception {
        byte[] bytes = RealisticOnnxModels.segmentationNet(BANDS);
        assertArrayEquals(bytes, RealisticOnnxModels.segmentationNet(BANDS), "same seed, same bytes");

        Random random = new Random(7L);
        float[] image = new float[BATCH * BANDS * HEIGHT * WIDTH];
        for (int i = 0; i < image.length; i++) {
            image[i] = 255 * random.nextFloat();   // 8-bit pixel values
        }
        FloatTensor input = new FloatTensor(new long[] {BATCH, BANDS, HEIGHT, WIDTH}, image);

        Tensor first;
        Tensor second;
        try (OnnxModel model = OnnxModel.load(TinyOnnxModels.write(tmp.resolve("a.onnx"), bytes))) {
            first = model.run(input);
        }
        try (OnnxModel model = OnnxModel.load(TinyOnnxModels.write(tmp.resolve("b.onnx"),
                RealisticOnnxModels.segmentationNet(BANDS)))) {
            second = model.run(input);
        }

        FloatTensor scores = assertInstanceOf(FloatTensor.class, first);
        assertArrayEquals(new long[] {BATCH, RealisticOnnxModels.CLASSES, HEIGHT, WIDTH}, scores.shape());
        assertArrayEquals(scores.values(), assertInstanceOf(FloatTensor.class, second).values(),
            "a fresh copy of the model gives the same scores");
        // Not a constant class map: several classes win somewhere on random pixels.
        int classes = RealisticOnnxModels.CLASSES;
        int plane = HEIGHT * WIDTH;
        float[] v = scores.values();
        Set<Integer> winners = new HashSet<>();
        for (int n = 0; n < BATCH; n++) {
            for (int p = 0; p < plane; p++) {
                int best = 0;
                for (int c = 0; c < classes; c++) {
                    float score = v[(n * classes + c) * plane + p];
                    assertTrue(Float.isFinite(score));
                    if (score > v[(n * classes + best) * plane + p]) {
                        best = c;
                    }
                }
                winners.add(best);
            }
        }
        assertTrue(winners.size() >= 3, "classes that win somewhere: " + winners);
    }
}
