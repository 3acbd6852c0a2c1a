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
        // mapLocation: tensors saved from a CUDA model are loaded onto the CPU instead of failing.
        return new TorchScriptModel(file, DjlModels.load(file, ENGINE, Device.cpu(), Map.of("mapLocation", "true")));
    }

    private static void checkIsTorchScript(Path file) throws ModelLoadException {
        FileAssessment scan;
        try {
            scan = SCANNER.assess(file.getFileName().toString(), file);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        String notes = scan.notes().isEmpty() ? "" : " (" + String.join("; ", scan.notes()) + ")";
        if (scan.kind() != FileKind.TORCHSCRIPT) {
            String advice = switch (scan.kind()) {
                case ONNX -> "; load it as ONNX";
                case PYTORCH_PICKLE_ARCHIVE, PICKLE -> ": " + scan.reason();
                default -> "; save the model with torch.jit.save(torch.jit.script(model), path)";
            };
            throw new ModelLoadException(file, "expected a TorchScript archive (torch.jit.save) but found "
                + scan.kind().label() + notes + advice, null);
        }
        if (!scan.runnableHere()) {
            throw new ModelLoadException(file, scan.reason() + notes, null);
        }
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
        return DjlModels.run(model, file, input);
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
