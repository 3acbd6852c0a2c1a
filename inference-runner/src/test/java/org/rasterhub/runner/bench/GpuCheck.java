package org.rasterhub.runner.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.classify.ClassifyPixelsRequest;
import org.rasterhub.runner.classify.PixelClassifier;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.InferenceModels;
import org.rasterhub.runner.engine.ModelFormat;
import org.rasterhub.runner.engine.Processor;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.TimedModel;
import org.rasterhub.runner.testmodels.RealisticOnnxModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * The GPU path end to end ({@code scripts/gpu-check.sh}): Classify Pixels with a network of a real
 * one's cost through ONNX Runtime's CUDA provider, on the CPU, on GPU 0, and on every GPU at once
 * (one model copy per GPU, each fed by its own model thread), over the same synthetic raster. Prints
 * tiles/s and the ratio to the CPU's, the model's share of the wall time, the GPUs' busy share
 * (nvidia-smi, sampled every 200 ms) and how many pixels agree with the CPU's classes. Exits 2 when
 * ONNX Runtime sees no GPU (the CPU-only jar, or no CUDA 12 / cuDNN 9).
 */
public final class GpuCheck {
    private static final int BANDS = 3;
    private static final int TILE = 256;
    private static final int PADDING = 32;
    private static final int BATCH = Integer.getInteger("bench.batch", 8);

    private GpuCheck() {
    }

    public static void main(String[] args) throws Exception {
        int pixels = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        Path work = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "inference-runner/target/gpu-check"));
        Gdal.init();
        int gpus = InferenceModels.gpuCount();
        System.out.printf("machine: %d cores, java %s, GPUs seen by ONNX Runtime: %d, commit %s%n",
            Runtime.getRuntime().availableProcessors(), Runtime.version(), gpus,
            System.getProperty("bench.commit", "unknown"));
        if (gpus == 0) {
            System.out.println("no GPU: build with -Pgpu (onnxruntime_gpu) on a machine with CUDA 12 and cuDNN 9");
            System.exit(2);
        }
        Path input = work.resolve("synthetic-" + pixels + ".tif");
        if (!Files.exists(input)) {
            ClassifyPixelsBenchmark.writeSynthetic(input, pixels);
        }
        Path model = TinyOnnxModels.write(work.resolve("realistic.onnx"), RealisticOnnxModels.segmentationNet(BANDS));
        System.out.printf("input %d x %d x %d, tile %d, padding %d, batch %d, realistic segmentation net%n",
            pixels, pixels, BANDS, TILE, PADDING, BATCH);

        Result cpu = classify("CPU", model, Processor.CPU, input, work.resolve("cpu.tif"), List.of());
        Result one = classify("GPU 0", model, Processor.gpu(0), input, work.resolve("gpu0.tif"), List.of(0));
        int[] all = IntStream.range(0, gpus).toArray();
        Result every = gpus > 1 ? classify("GPUs " + gpus, model, Processor.gpu(all), input,
            work.resolve("gpus.tif"), IntStream.range(0, gpus).boxed().toList()) : one;
        System.out.println();
        for (Result r : gpus > 1 ? List.of(cpu, one, every) : List.of(cpu, one)) {
            System.out.printf("%-8s %8.1f tiles/s  (x%.1f the CPU)  model %4.1f %% of wall  GPU busy %s  pixels as on"
                + " the CPU %.4f%n", r.name, r.tilesPerSecond, r.tilesPerSecond / cpu.tilesPerSecond,
                100 * r.modelShare, r.gpuBusy, r == cpu ? 1.0 : agreement(cpu.output, r.output));
        }
        if (gpus > 1) {
            System.out.printf("%d GPUs / 1 GPU = %.2f (ideal %d)%n", gpus, every.tilesPerSecond / one.tilesPerSecond, gpus);
        }
    }

    private record Result(String name, double tilesPerSecond, double modelShare, String gpuBusy, Path output) {
    }

    private static Result classify(String name, Path modelFile, Processor processor, Path input, Path output,
                                   List<Integer> watched) throws Exception {
        StageTimes times = new StageTimes();
        List<ModelClass> classes = IntStream.range(0, RealisticOnnxModels.CLASSES)
            .mapToObj(c -> new ModelClass(c, "class " + c, 40 * c, 0, 0)).toList();
        try (InferenceModel loaded = InferenceModels.load(modelFile, ModelFormat.ONNX, processor)) {
            InferenceModel model = new TimedModel(loaded, times);
            ClassifyPixelsRequest request = ClassifyPixelsRequest.of(input, output, List.of(0, 1, 2), TILE)
                .withPadding(PADDING).withBatchSize(BATCH);
            // Warm-up on a small window: CUDA's kernels and cuDNN's algorithm search are first-call costs.
            new PixelClassifier(model, classes).classify(request.withProcessingWindow(
                new org.rasterhub.runner.tiling.Window(0, 0, 4 * TILE, 2 * TILE)), Progress.NONE);
            StageTimes measured = new StageTimes();
            model = new TimedModel(loaded, measured);
            GpuSampler sampler = watched.isEmpty() ? null : GpuSampler.start(watched);
            long started = System.nanoTime();
            int tiles = new PixelClassifier(model, classes, measured).classify(request, Progress.NONE).tiles();
            double seconds = (System.nanoTime() - started) / 1e9;
            String busy = sampler == null ? "-" : sampler.stop();
            int lanes = loaded.lanes().size();
            double modelShare = measured.millis(StageTimes.Stage.MODEL) / 1000.0 / lanes / seconds;
            System.out.printf("%s: %d tiles in %.1f s on %d lane(s)%n", name, tiles, seconds, lanes);
            return new Result(name, tiles / seconds, modelShare, busy, output);
        }
    }

    /** Share of pixels with the same class: GPUs' float sums differ from the CPU's in the last bits. */
    private static double agreement(Path a, Path b) {
        Dataset first = gdal.Open(a.toString());
        Dataset second = gdal.Open(b.toString());
        try {
            int width = first.GetRasterXSize();
            int height = first.GetRasterYSize();
            byte[] x = new byte[width];
            byte[] y = new byte[width];
            long same = 0;
            for (int row = 0; row < height; row++) {
                first.GetRasterBand(1).ReadRaster(0, row, width, 1, x);
                second.GetRasterBand(1).ReadRaster(0, row, width, 1, y);
                for (int i = 0; i < width; i++) {
                    same += x[i] == y[i] ? 1 : 0;
                }
            }
            return same / ((double) width * height);
        } finally {
            first.delete();
            second.delete();
        }
    }

    /** nvidia-smi's utilisation of the watched GPUs, every 200 ms, averaged. */
    private static final class GpuSampler {
        private final Process process;
        private final List<Integer> samples = Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;

        private GpuSampler(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        try {
                            samples.add(Integer.parseInt(line.trim()));
                        } catch (NumberFormatException e) {
                            // a header or a "[N/A]": not a sample
                        }
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            }, "nvidia-smi");
            reader.setDaemon(true);
            reader.start();
        }

        static GpuSampler start(List<Integer> gpus) throws java.io.IOException {
            String ids = String.join(",", gpus.stream().map(String::valueOf).toList());
            return new GpuSampler(new ProcessBuilder("nvidia-smi", "--id=" + ids, "--query-gpu=utilization.gpu",
                "--format=csv,noheader,nounits", "-lms", "200").redirectErrorStream(true).start());
        }

        String stop() throws InterruptedException {
            process.destroy();
            reader.join(2000);
            synchronized (samples) {
                return samples.isEmpty() ? "n/a" : String.format("%.0f %% (%d samples)",
                    samples.stream().mapToInt(Integer::intValue).average().orElse(0), samples.size());
            }
        }
    }
}
