package org.rasterhub.core.codescan;

/** What a file inside a package is, judged from its bytes first and its name second. */
public enum FileKind {
    PYTHON_SOURCE("Python source"),
    PYTHON_BYTECODE("compiled Python"),
    PICKLE("Python pickle"),
    /** torch.save output: a zip holding {@code <name>/data.pkl}, or the legacy raw pickle stream. */
    PYTORCH_PICKLE_ARCHIVE("pickled PyTorch weights"),
    /** torch.jit.save output: a zip with {@code <name>/code/} and pickles for libtorch's own unpickler. */
    TORCHSCRIPT("TorchScript"),
    ONNX("ONNX"),
    SAFETENSORS("safetensors"),
    KERAS_H5("Keras HDF5"),
    TENSORFLOW_PB("TensorFlow graph"),
    CNTK("CNTK model"),
    EMD("model definition"),
    IMAGE("image"),
    HTML("HTML page"),
    OTHER("other file");

    private final String label;

    FileKind(String label) {
        this.label = label;
    }

    /** A name for people: "pickled PyTorch weights", "TorchScript". */
    public String label() {
        return label;
    }
}
