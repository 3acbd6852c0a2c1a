package org.rasterhub.portal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rasterhub.core.emd.EmdPaths;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.run.RunDefaults;
import org.rasterhub.runner.classify.ClassMap;
import org.rasterhub.runner.contract.ContractAdaptedModel;
import org.rasterhub.runner.contract.OnnxFactsJson;
import org.rasterhub.runner.contract.OnnxModelFacts;
import org.rasterhub.runner.detect.YoloOutputs;

/**
 * What a version's ONNX model file says about itself, and what that means for a run with the
 * definition's defaults: its input (bands first or last, batch fixed or free) and what each output is
 * read as ("class scores of 6 classes for the tile's centre 128 × 128"). Read from the stored file
 * without loading it, once per file (files are content-addressed and never change).
 */
@ApplicationScoped
public class ModelContracts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHED = 256;

    private final BlobStore blobs;
    private final Map<String, OnnxModelFacts> read = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OnnxModelFacts> eldest) {
            return size() > CACHED;
        }
    };

    @Inject
    public ModelContracts(BlobStore blobs) {
        this.blobs = blobs;
    }

    protected ModelContracts() {
        this(null); // for the CDI proxy only
    }

    /** One input or output: as the file writes it, and what a run makes of it. */
    public record Tensor(String name, String type, List<String> shape, String meaning) {
        @Override
        public String toString() {
            return name + ": " + type + " " + shape + (meaning == null ? "" : " · " + meaning);
        }
    }

    /** The contract of a version's model file. */
    public record ModelContract(String file, long irVersion, String producer, Map<String, Long> opsets,
                                List<Tensor> inputs, List<Tensor> outputs, Map<String, String> metadata) {
    }

    /**
     * The contract of the model file of the version shown in {@code item}; empty when the definition
     * names no ONNX file this reader can follow (TorchScript, pickles, none).
     */
    public Optional<ModelContract> of(ItemDetails item) {
        Optional<OnnxModelFacts> facts = factsOf(item);
        if (facts.isEmpty()) {
            return Optional.empty();
        }
        String path = EmdPaths.resolveBeside(item.emdPath(), item.modelFile());
        JsonNode emd;
        try {
            emd = JSON.readTree(item.emd());
        } catch (IOException e) {
            emd = null;
        }
        RunDefaults defaults = RunDefaults.of(emd);
        int bands = emd != null && emd.path("ExtractBands").isArray() ? emd.path("ExtractBands").size() : 0;
        OnnxModelFacts f = facts.get();
        List<Tensor> inputs = new ArrayList<>();
        for (OnnxModelFacts.TensorFacts input : f.inputs()) {
            inputs.add(new Tensor(input.name(), input.elementType(), dims(input), inputMeaning(input, bands)));
        }
        List<Tensor> outputs = new ArrayList<>();
        for (OnnxModelFacts.TensorFacts output : f.outputs()) {
            int classes = emd != null && emd.path("Classes").isArray() ? emd.path("Classes").size() : 0;
            boolean detector = emd != null && "ObjectDetection".equals(emd.path("ModelType").asText());
            outputs.add(new Tensor(output.name(), output.elementType(), dims(output),
                    (detector ? yoloMeaning(output, classes) : outputMeaning(output, defaults, regression(emd)))
                            .orElse(null)));
        }
        return Optional.of(new ModelContract(path, f.irVersion(), f.producer(), f.opsets(), inputs, outputs,
                f.metadata()));
    }

    /**
     * What the version's ONNX model file says of itself: recorded at upload, else read from the stored
     * file once; empty when the definition names no ONNX file this reader can follow.
     */
    public Optional<OnnxModelFacts> factsOf(ItemDetails item) {
        if (item.modelFile() == null) {
            return Optional.empty();
        }
        String path = EmdPaths.resolveBeside(item.emdPath(), item.modelFile());
        Optional<FileInfo> file = item.files().stream().filter(f -> f.path().equals(path)).findFirst();
        if (file.isEmpty() || !org.rasterhub.core.codescan.FileKind.ONNX.label().equals(file.get().kind())) {
            return Optional.empty();
        }
        return recorded(item).or(() -> facts(file.get().sha256()));
    }

    // Read at upload and kept with the version; versions uploaded before that are read from the file.
    private static Optional<OnnxModelFacts> recorded(ItemDetails item) {
        if (item.modelContract() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OnnxFactsJson.read(item.modelContract()));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private Optional<OnnxModelFacts> facts(String sha256) {
        synchronized (read) {
            OnnxModelFacts known = read.get(sha256);
            if (known != null) {
                return Optional.of(known);
            }
        }
        try {
            OnnxModelFacts facts = OnnxModelFacts.read(blobs.path(new ContentHash(sha256)));
            synchronized (read) {
                read.put(sha256, facts);
            }
            return Optional.of(facts);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private static List<String> dims(OnnxModelFacts.TensorFacts tensor) {
        return tensor.shape() == null ? List.of() : tensor.shape().stream().map(Object::toString).toList();
    }

    private static String inputMeaning(OnnxModelFacts.TensorFacts input, int bands) {
        if (input.shape() == null || input.shape().size() != 4) {
            return null;
        }
        OnnxModelFacts.Dimension batch = input.shape().get(0);
        String layout = bands > 0 && ContractAdaptedModel.channelsLast(input, bands) ? "bands last (NHWC)"
                : "bands first (NCHW)";
        return layout + ", " + (batch.fixed() ? "batch fixed at " + batch.size() : "any batch");
    }

    private static Optional<String> yoloMeaning(OnnxModelFacts.TensorFacts output, int classes) {
        if (output.shape() == null || output.shape().size() != 3 || !output.shape().get(1).fixed()
                || !output.shape().get(2).fixed()) {
            return Optional.empty();
        }
        return YoloOutputs.describe(new long[] {1, output.shape().get(1).size(), output.shape().get(2).size()}, classes);
    }

    // A regression model (RegressionOutput) reads its one float channel as a value, not a probability.
    private static String regression(JsonNode emd) {
        JsonNode regression = emd == null ? null : emd.get("RegressionOutput");
        if (regression == null || !regression.isObject()) {
            return null;
        }
        String name = regression.path("Name").asText("value").strip();
        String scale = regression.path("Scale").isNumber() ? " × " + regression.path("Scale").asText() : "";
        return "values of " + (name.isEmpty() ? "value" : name) + scale + " (regression)";
    }

    private static Optional<String> outputMeaning(OnnxModelFacts.TensorFacts output, RunDefaults defaults,
                                                  String regression) {
        if (output.shape() == null || output.shape().stream().anyMatch(d -> !d.fixed())) {
            return Optional.empty();
        }
        long[] shape = output.shape().stream().mapToLong(OnnxModelFacts.Dimension::size).toArray();
        return ClassMap.describe(shape, output.elementType(), defaults.tileSize(), defaults.padding(),
                        regression == null ? ClassMap.ONE_FLOAT_CHANNEL : regression)
                .map(meaning -> meaning + " (tile " + defaults.tileSize() + ", padding " + defaults.padding() + ")");
    }
}
