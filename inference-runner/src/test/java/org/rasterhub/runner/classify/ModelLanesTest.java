package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.InferenceModels;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.engine.Tensor;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * A model loaded once per GPU runs a batch on every copy at once, each copy fed by a model thread of
 * its own, and writes what one copy writes. Here the copies are on the CPU: the lanes are the same.
 */
class ModelLanesTest {
    private static final List<ModelClass> CLASSES = List.of(new ModelClass(0, "water", 0, 0, 255),
            new ModelClass(1, "forest", 0, 128, 0), new ModelClass(2, "urban", 200, 30, 40));

    @TempDir Path tmp;

    @Test
    void twoCopiesRunBatchesAtOnceEachOnItsOwnThreadAndWriteTheSingleCopysFile() throws Exception {
        Path file = TinyOnnxModels.write(tmp.resolve("scores.onnx"), TinyOnnxModels.brightestBandScores(3));
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), 300, 220, 5L);
        Path single = tmp.resolve("single.tif");
        Path spread = tmp.resolve("spread.tif");
        try (OnnxModel one = OnnxModel.load(file)) {
            new PixelClassifier(one, CLASSES).classify(request(scene.file(), single), Progress.NONE);
        }
        Probe probe = new Probe();
        try (InferenceModel copies = InferenceModels.spread(List.of(probe.watch(OnnxModel.load(file)),
                probe.watch(OnnxModel.load(file))))) {
            new PixelClassifier(copies, CLASSES).classify(request(scene.file(), spread), Progress.NONE);
        }

        assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(spread), "the same file, byte for byte");
        assertEquals(0, scene.wrongPixels(spread));
        assertEquals(2, probe.mostAtOnce.get(), "two batches in the model at once");
        assertEquals(2, probe.threadsPerCopy.size(), "both copies ran batches");
        probe.threadsPerCopy.values().forEach(threads ->
                assertEquals(1, threads.size(), "each copy is fed by one thread: " + probe.threadsPerCopy));
        assertTrue(Collections.disjoint(probe.threadsPerCopy.get(0), probe.threadsPerCopy.get(1)),
                "and not the same one: " + probe.threadsPerCopy);
    }

    private static ClassifyPixelsRequest request(Path input, Path output) {
        return ClassifyPixelsRequest.of(input, output, List.of(0, 1, 2), 64).withPadding(16).withBatchSize(2);
    }

    /** Watches calls on the copies: how many run at once, and from which threads. */
    private static final class Probe {
        final AtomicInteger inModel = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final ConcurrentHashMap<Integer, Set<String>> threadsPerCopy = new ConcurrentHashMap<>();
        private final List<InferenceModel> watched = new ArrayList<>();

        InferenceModel watch(InferenceModel copy) {
            int index = watched.size();
            InferenceModel watching = new InferenceModel() {
                @Override
                public String engineName() {
                    return copy.engineName();
                }

                @Override
                public List<Tensor> runAll(FloatTensor input) throws InferenceException {
                    threadsPerCopy.computeIfAbsent(index, i -> ConcurrentHashMap.newKeySet())
                            .add(Thread.currentThread().getName());
                    mostAtOnce.accumulateAndGet(inModel.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(15); // a GPU's batch takes a while: long enough for the lanes to overlap
                        return copy.runAll(input);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    } finally {
                        inModel.decrementAndGet();
                    }
                }

                @Override
                public void close() {
                    copy.close();
                }
            };
            watched.add(watching);
            return watching;
        }
    }
}
