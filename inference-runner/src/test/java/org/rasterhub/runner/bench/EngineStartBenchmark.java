package org.rasterhub.runner.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.InferenceModels;
import org.rasterhub.runner.engine.ModelFormat;
import org.rasterhub.runner.engine.Processor;
import org.rasterhub.runner.testmodels.TinyOnnxModels;
import org.rasterhub.runner.testmodels.TinyTorchScriptModels;

/**
 * Start cost of the first model of a JVM: time from JVM start and from {@code main} to the first
 * answer, resident memory after it ({@code VmRSS}, {@code VmHWM}), and whether libtorch was mapped.
 * One load per JVM, so run it once per configuration and compare: an ONNX-only run with and without
 * the PyTorch jars on the class path, with {@code -Dai.djl.onnx.disable_alternative=false} (what DJL
 * does by default), and a TorchScript run.
 *
 * <p>Arguments: {@code onnx|torchscript [work folder]}. Run with {@code scripts/bench-engine-start.sh}.
 */
public final class EngineStartBenchmark {
    private static final int BANDS = 3;
    private static final int SIDE = 256;

    private EngineStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long mainStart = System.nanoTime();
        ModelFormat format = args.length > 0 && args[0].equalsIgnoreCase("torchscript")
            ? ModelFormat.TORCHSCRIPT : ModelFormat.ONNX;
        Path work = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/bench-engine-start"));
        Path file = format == ModelFormat.ONNX
            ? TinyOnnxModels.write(work.resolve("wins.onnx"), TinyOnnxModels.brightestBandWins(BANDS))
            : TinyTorchScriptModels.write(work.resolve("scores.pt"), TinyTorchScriptModels.brightestBandScores());

        String engine;
        try (InferenceModel model = InferenceModels.load(file, format, Processor.CPU)) {
            model.run(FloatTensor.nchw(BANDS, SIDE, SIDE, new float[BANDS * SIDE * SIDE]));
            engine = model.engineName();
        }
        long millisFromMain = (System.nanoTime() - mainStart) / 1_000_000;
        long millisFromJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();

        System.out.printf("%d cores, java %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf("format=%s engine=%s pytorchOnClasspath=%b disableAlternative=%s libtorchMapped=%b "
                + "firstAnswerFromJvmStart=%d ms fromMain=%d ms rss=%d MB peakRss=%d MB%n",
            format, engine, ai.djl.engine.Engine.hasEngine("PyTorch"),
            System.getProperty("ai.djl.onnx.disable_alternative"), libtorchMapped(),
            millisFromJvm, millisFromMain, status("VmRSS:") / 1024, status("VmHWM:") / 1024);
    }

    private static boolean libtorchMapped() throws IOException {
        return Files.readString(Path.of("/proc/self/maps")).contains("libtorch");
    }

    /** A /proc/self/status value in kB. */
    private static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
