package org.rasterhub.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.repository.zoo.ZooModel;
import org.rasterhub.core.codescan.Engine;
import org.rasterhub.core.codescan.FileAssessment;
import org.rasterhub.core.codescan.FileKind;
import org.rasterhub.core.codescan.PackageFileScanner;

/**
 * A TorchScript archive ({@code torch.jit.save}) loaded into DJL's PyTorch engine, on the CPU.
 *
 * <p>Before libtorch sees the file, ingest's code scan must find a TorchScript archive whose pickles
 * name nothing outside TorchScript's own types: pickled PyTorch ({@code torch.save} state dicts,
 * {@code .pth}) is refused, never unpickled. libtorch then reads the archive with its own restricted
 * unpickler and compiles the archive's TorchScript source itself; no Python runs.
 *
 * <p>Thread-safe: each {@link #run} call uses its own DJL predictor. Close the model to free its
 * native memory.
 */
public final class TorchScriptModel implements InferenceModel {
    /** DJL's name for the PyTorch engine. */
    public static final String ENGINE = "PyTorch";

    /** Longest engine reason passed on; the whole one stays in the exception's cause. */
    static final int MAX_REASON_CHARS = 400;

    private static final PackageFileScanner SCANNER = new PackageFileScanner(EnumSet.of(Engine.PYTORCH));

    private final Path file;
    private final ZooModel<FloatTensor, Tensor[]> model;

    private TorchScriptModel(Path file, ZooModel<FloatTensor, Tensor[]> model) {
        this.file = file;
        this.model = model;
    }

    /**
     * Loads a TorchScript archive. Offline: libtorch comes from the {@code pytorch-native-cpu} jar and
     * is unpacked once (432 MB) into the DJL cache folder ({@link InferenceModels#useCacheFolder}).
     *
     * @throws ModelLoadException when the file is missing, is not a TorchScript archive (pickled
     *     PyTorch, ONNX, a damaged zip, ...), names imports TorchScript never writes, libtorch rejects
     *     it (its reason is given), or the processor is a GPU: there is no CUDA libtorch here
     */
    public static TorchScriptModel load(Path file, Processor processor) throws ModelLoadException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ModelLoadException(file, "no such file", null);
        }
        if (processor.isGpu()) {
            throw new ModelLoadException(file, "TorchScript runs on the CPU only here (" + processor + " was asked"
                + " for): Maven Central has no CUDA build of libtorch 2.7.1 for DJL's PyTorch engine; choose "
                + "processor type CPU, or export the model to ONNX (torch.onnx.export) to run it on a GPU", null);
        }
        checkIsTorchScript(file);
        InferenceModels.pyTorchStarting();
        try {
            // mapLocation: tensors saved from a CUDA model are loaded onto the CPU instead of failing.
            return new TorchScriptModel(file, DjlModels.load(file, ENGINE, Device.cpu(),
                Map.of("mapLocation", "true")));
        } catch (ModelLoadException e) {
            throw new ModelLoadException(file, condensed(DjlModels.rootMessage(e.getCause())), e.getCause());
        }
    }

    private static void checkIsTorchScript(Path file) throws ModelLoadException {
        FileAssessment scan;
        try {
            scan = SCANNER.assess(file.getFileName().toString(), file);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (scan.kind() == FileKind.TORCHSCRIPT && scan.runnableHere()) {
            return;
        }
        String expected = "expected a TorchScript archive (torch.jit.save) but ";
        String reason;
        if (!scan.dangerousImports().isEmpty()) {
            reason = expected + "found " + scan.reason();
        } else if (!scan.scanComplete()) {
            reason = expected + "the file cannot be fully read (" + String.join("; ", scan.notes())
                + "); nothing was loaded";
        } else if (scan.kind() == FileKind.TORCHSCRIPT) {
            reason = scan.reason();
        } else {
            reason = expected + "found " + switch (scan.kind()) {
                case ONNX -> "ONNX; load it as ONNX";
                // The scan's reason names the kind first and says how to convert.
                case PYTORCH_PICKLE_ARCHIVE, PICKLE -> scan.reason();
                default -> scan.kind().label() + "; save the model with torch.jit.save(torch.jit.script(model), path)";
            };
        }
        throw new ModelLoadException(file, reason, null);
    }

    /**
     * libtorch's messages span lines: the error, then the TorchScript source with a marker, or a
     * traceback ending in "RuntimeError: ...". One line keeps the reason and the place.
     */
    static String condensed(String message) {
        List<String> lines = message.strip().lines().map(String::strip).toList();
        String place = lines.stream().filter(l -> l.startsWith("File \"")).findFirst()
            .map(l -> " (" + l + ")").orElse("");
        String reason = null;
        for (int i = lines.size() - 1; i >= 0 && reason == null; i--) {
            if (lines.get(i).startsWith("RuntimeError: ")) {
                reason = lines.get(i).substring("RuntimeError: ".length());
            }
        }
        if (reason == null) {
            StringBuilder first = new StringBuilder();
            for (String line : lines) {
                if (line.equals(":") || line.startsWith("File \"")) {
                    break;
                }
                if (!line.isEmpty()) {
                    first.append(first.length() > 0 ? " " : "").append(line);
                }
            }
            reason = first.toString();
        }
        String one = reason + place;
        return one.length() <= MAX_REASON_CHARS ? one : one.substring(0, MAX_REASON_CHARS) + "...";
    }

    /** Name of the engine DJL actually loaded the model into. */
    @Override
    public String engineName() {
        return model.getNDManager().getEngine().getEngineName();
    }

    /**
     * Runs the model's {@code forward} on one input and returns every output: one tensor, or each
     * element of a returned tuple or list.
     *
     * @throws InferenceException when libtorch rejects the input or fails while running
     */
    @Override
    public List<Tensor> runAll(FloatTensor input) throws InferenceException {
        try {
            return DjlModels.run(model, file, input);
        } catch (InferenceException e) {
            throw new InferenceException(file, input.shape(), condensed(DjlModels.rootMessage(e.getCause())),
                e.getCause());
        }
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "TorchScriptModel[" + file + "]";
    }
}
