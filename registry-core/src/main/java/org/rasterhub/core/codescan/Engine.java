package org.rasterhub.core.codescan;

/** An inference engine a RasterHub installation may have, as named to users. */
public enum Engine {
    ONNX_RUNTIME("ONNX Runtime"),
    PYTORCH("PyTorch");

    private final String label;

    Engine(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
