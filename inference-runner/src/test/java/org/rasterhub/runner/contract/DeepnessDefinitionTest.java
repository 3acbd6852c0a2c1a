package org.rasterhub.runner.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/** An .emd from the metadata Deepness models carry (issue #14), valid for RasterHub's own reader. */
class DeepnessDefinitionTest {
    @TempDir Path tmp;

    @Test
    void aDeepnessSegmentorBecomesAPixelClassifierDefinition() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model_type", "Segmentor");
        meta.put("class_names", "{\"0\": \"not_road\", \"1\": \"road\"}");
        meta.put("resolution", "20");
        meta.put("tiles_size", "512");
        meta.put("tiles_overlap", "15");
        meta.put("standardization_mean", "[0.485, 0.456, 0.406]");
        meta.put("standardization_std", "[0.229, 0.224, 0.225]");
        meta.put("seg_thresh", "0.6");

        DeepnessDefinition.Generated generated = generate(TinyOnnxModels.binaryWithMetadata(3, 512, meta));
        JsonNode emd = generated.emd();

        assertEquals("ImageClassification", emd.get("ModelType").asText());
        assertEquals("roads.onnx", emd.get("ModelFile").asText());
        assertEquals(512, emd.get("ImageHeight").asInt());
        assertEquals(38, emd.get("ModelPadding").asInt(), "15 % overlap of 512, half on each side");
        assertEquals("[0,1,2]", emd.get("ExtractBands").toString());
        assertEquals("[0.485,0.456,0.406]", emd.get("NormalizationStats").get("scaled_mean_values").toString());
        assertEquals("[255,255,255]", emd.get("NormalizationStats").get("band_max_values").toString());
        assertEquals(0.6, emd.get("Threshold").asDouble());
        assertEquals(0.2, emd.get("MinCellSize").get("x").asDouble());
        assertEquals("road", emd.get("Classes").get(1).get("Name").asText());
        ModelDefinition read = new ModelDefinitionReader().read(generated.json().getBytes());
        assertEquals(2, read.classes().size(), "RasterHub's own reader accepts the generated file");
        assertTrue(generated.notes().stream().anyMatch(n -> n.contains("standardization_mean")), generated.notes().toString());
    }

    @Test
    void withoutStandardisationValuesAreDividedBy255AndAPythonDictIsRead() throws Exception {
        Map<String, String> meta = Map.of("model_type", "Detector", "class_names", "{0: 'car', 1: 'truck'}");

        JsonNode emd = generate(TinyOnnxModels.binaryWithMetadata(3, 256, meta)).emd();

        assertEquals("ObjectDetection", emd.get("ModelType").asText());
        assertEquals(256, emd.get("ImageHeight").asInt(), "from the model's fixed input");
        assertEquals(false, emd.get("DoNormalize").asBoolean());
        assertEquals("truck", emd.get("Classes").get(1).get("Name").asText());
    }

    @Test
    void aDeepnessRegressorBecomesAPixelRegressionDefinitionWithoutClasses() throws Exception {
        Map<String, String> meta = Map.of("model_type", "Regressor", "class_names", "{\"0\": \"canopy height\"}",
            "tiles_size", "256");

        DeepnessDefinition.Generated generated = generate(TinyOnnxModels.binaryWithMetadata(3, 256, meta));
        JsonNode emd = generated.emd();

        assertEquals("ImageClassification", emd.get("ModelType").asText());
        assertEquals("canopy height", emd.get("RegressionOutput").get("Name").asText());
        assertEquals(1.0, emd.get("RegressionOutput").get("Scale").asDouble());
        assertEquals(0, emd.get("Classes").size());
        assertEquals(0, new ModelDefinitionReader().read(generated.json().getBytes()).classes().size(),
            "RasterHub's own reader accepts the generated file");
    }

    @Test
    void aModelThatDoesNotSayEnoughIsRefusedWithTheReason() throws Exception {
        var none = assertThrows(IllegalArgumentException.class,
            () -> generate(TinyOnnxModels.binaryWithMetadata(3, 256, Map.of())));
        assertTrue(none.getMessage().contains("no Deepness metadata"), none.getMessage());
        var recogniser = assertThrows(IllegalArgumentException.class, () -> generate(
            TinyOnnxModels.binaryWithMetadata(3, 256, Map.of("model_type", "Recognition"))));
        assertTrue(recogniser.getMessage().contains("\"Recognition\" has no tool here"), recogniser.getMessage());
        var noClasses = assertThrows(IllegalArgumentException.class, () -> generate(
            TinyOnnxModels.binaryWithMetadata(3, 256, Map.of("model_type", "Segmentor", "class_names", "road"))));
        assertTrue(noClasses.getMessage().contains("no class_names"), noClasses.getMessage());
    }

    private DeepnessDefinition.Generated generate(byte[] model) throws Exception {
        return DeepnessDefinition.from(OnnxModelFacts.read(TinyOnnxModels.write(tmp.resolve("roads.onnx"), model)),
            "roads.onnx");
    }
}
