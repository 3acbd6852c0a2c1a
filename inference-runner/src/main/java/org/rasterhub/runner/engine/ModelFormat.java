package org.rasterhub.runner.engine;

import java.util.Optional;
import org.rasterhub.core.codescan.Engine;
import org.rasterhub.core.codescan.FileKind;

/** The model file formats the runner can load, each with the engine that runs it. */
public enum ModelFormat {
    /** An ONNX graph, run by ONNX Runtime on the CPU or on GPUs through its CUDA provider. */
    ONNX("ONNX", OnnxModel.ENGINE, Engine.ONNX_RUNTIME),
    /** A torch.jit.save archive, run by libtorch through DJL's PyTorch engine, on the CPU only. */
    TORCHSCRIPT("TorchScript", TorchScriptModel.ENGINE, Engine.PYTORCH);

    private final String label;
    private final String djlEngine;
    private final Engine engine;

    ModelFormat(String label, String djlEngine, Engine engine) {
        this.label = label;
        this.djlEngine = djlEngine;
        this.engine = engine;
    }

    /** The format for what ingest's code scan found, if the runner can load that kind of file at all. */
    public static Optional<ModelFormat> of(FileKind kind) {
        return switch (kind) {
            case ONNX -> Optional.of(ONNX);
            case TORCHSCRIPT -> Optional.of(TORCHSCRIPT);
            default -> Optional.empty();
        };
    }

    /** A name for people: "ONNX", "TorchScript". */
    public String label() {
        return label;
    }

    /** DJL's name for the engine that runs it: "OnnxRuntime", "PyTorch". */
    public String djlEngine() {
        return djlEngine;
    }

    /** The engine as the code scan names it. */
    public Engine engine() {
        return engine;
    }
}
