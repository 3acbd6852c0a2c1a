package org.rasterhub.runner.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.codescan.FileAssessment;
import org.rasterhub.core.codescan.FileKind;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.runner.preflight.PreflightFinding.Severity;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

class PreflightCheckTest {
    private static final ModelFileVerdict ONNX = ModelFileVerdict.of(new FileAssessment("model.onnx", FileKind.ONNX,
            false, List.of(), true, true, "ONNX: runs on the ONNX Runtime engine", List.of()));
    private static final ModelFileVerdict PICKLE = new ModelFileVerdict("model.pth", false,
            "pickled PyTorch weights: RasterHub never unpickles; export the model to ONNX");

    @TempDir Path tmp;
    private RasterFacts threeBandsTenMetres;

    @BeforeEach
    void writeRaster() throws Exception {
        Path file = tmp.resolve("scene.tif");
        GeoTiffs.write(file, FloatBands.zeros(40, 30, 3), GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);
        threeBandsTenMetres = RasterFacts.probe(file);
    }

    @Test
    void aRunnableOnnxModelOnMatchingImageryHasNoFindings() throws Exception {
        assertEquals(List.of(), check(emd(""), ONNX, false));
        assertEquals(3, threeBandsTenMetres.bandCount());
        assertEquals(10.0, threeBandsTenMetres.cellWidth());
    }

    @Test
    void aBandTheRasterLacksIsAnErrorNamingTheBandCount() throws Exception {
        List<PreflightFinding> findings = check(emd("").replace("[0, 1, 2]", "[0, 1, 3]"), ONNX, false);
        assertEquals(List.of(new PreflightFinding(Severity.ERROR, "ExtractBands",
                "names band 3 (0-based) but scene.tif has 3 band(s)")), findings);
    }

    @Test
    void pickledWeightsFailEarlyWithTheWayOut() throws Exception {
        PreflightFinding finding = check(emd("").replace("model.onnx", "model.pth"), PICKLE, false).get(0);
        assertEquals(Severity.ERROR, finding.severity());
        assertTrue(finding.message().contains("export the model to ONNX"), finding.message());
    }

    @Test
    void aGpuAskedForWhereThereIsNoneIsAnError() throws Exception {
        assertEquals(List.of(PreflightFinding.error("processor",
                "the run asks for a GPU but this server has none; choose processor type CPU")),
                check(emd(""), ONNX, true));
    }

    @Test
    void modelTypesThatCannotRunYetAreNamed() throws Exception {
        PreflightFinding finding = check(emd("").replace("ImageClassification", "CycleGAN"), ONNX, false)
                .get(0);
        assertTrue(finding.message().startsWith("\"CycleGAN\" models cannot run here yet"), finding.message());
        assertTrue(check(emd("").replace("ImageClassification", "ObjectDetection"), ONNX, false).isEmpty(),
                "Detect Objects runs ObjectDetection models");
    }

    @Test
    void imageryFarFromTheTrainingCellSizeIsAWarningNotAnError() throws Exception {
        String trainedAtHalfAMetre = ",\n\"MinCellSize\": {\"x\": 0.3, \"y\": 0.3, \"spatialReference\": {\"wkid\": 32633}},"
                + "\n\"MaxCellSize\": {\"x\": 0.6, \"y\": 0.6, \"spatialReference\": {\"wkid\": 32633}}";
        List<PreflightFinding> findings = check(emd(trainedAtHalfAMetre), ONNX, false);
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.WARNING, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("scene.tif has 10-unit cells; the model was trained on 0.3 to 0.6"),
                findings.get(0).message());
    }

    @Test
    void cellSizesInAnotherCrsAreNotCompared() throws Exception {
        String inDegrees = ",\n\"MinCellSize\": {\"x\": 0.0001, \"y\": 0.0001, \"spatialReference\": {\"wkid\": 4326}}";
        PreflightFinding finding = check(emd(inDegrees), ONNX, false).get(0);
        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.message().contains("EPSG:4326") && finding.message().contains("EPSG:32633"),
                finding.message());
    }

    @Test
    void errorsComeBeforeWarnings() throws Exception {
        String far = ",\n\"MinCellSize\": {\"x\": 0.3, \"y\": 0.3, \"spatialReference\": {\"wkid\": 32633}}";
        List<PreflightFinding> findings = check(emd(far), ONNX, true);
        assertEquals(List.of(Severity.ERROR, Severity.WARNING),
                findings.stream().map(PreflightFinding::severity).toList());
    }

    @Test
    void anOnnxInputWhoseFixedShapeCannotMatchIsAnErrorQuotingTheModelsOwnShape() throws Exception {
        assertEquals(List.of(), check(emd(""), onnx(TinyOnnxModels.binaryWithMetadata(3, 64, Map.of())), false),
                "fixed [1, 3, 64, 64] fits ExtractBands [0, 1, 2] and ImageHeight 64");
        assertEquals(List.of(PreflightFinding.error("model.onnx", "the model takes 4 bands (image: float [1, 4, 64,"
                + " 64]) but the model definition's ExtractBands names 3")),
                check(emd(""), onnx(TinyOnnxModels.binaryWithMetadata(4, 64, Map.of())), false));
        assertEquals(List.of(PreflightFinding.error("model.onnx", "the model's input is fixed at 128 x 128 pixels"
                + " (image: float [1, 3, 128, 128]) but ImageHeight/ImageWidth say 64")),
                check(emd(""), onnx(TinyOnnxModels.binaryWithMetadata(3, 128, Map.of())), false));
        assertEquals(List.of(), check(emd(""), onnx(TinyOnnxModels.channelsLastInput(3, 64)), false),
                "bands last is met by transposing");
        assertEquals(List.of(PreflightFinding.error("model.onnx", "the model's input is fixed at 32 x 32 pixels"
                + " (image: float [1, 32, 32, 3]) but ImageHeight/ImageWidth say 64")),
                check(emd(""), onnx(TinyOnnxModels.channelsLastInput(3, 32)), false));
        assertEquals(List.of(), check(emd(""), onnx(TinyOnnxModels.brightestBandScores(3)), false),
                "symbolic sizes fit any tile");
    }

    private ModelFileVerdict onnx(byte[] model) throws Exception {
        return ModelFileVerdict.assess("model.onnx", TinyOnnxModels.write(tmp.resolve("model.onnx"), model));
    }

    private List<PreflightFinding> check(String emd, ModelFileVerdict model, boolean gpu) throws Exception {
        ModelDefinition definition = new ModelDefinitionReader().read(emd.getBytes(StandardCharsets.UTF_8));
        return new PreflightCheck(false).check(definition, model, threeBandsTenMetres, gpu);
    }

    private static String emd(String extraKeys) {
        return """
                {"Framework": "Onnx", "ModelType": "ImageClassification", "ModelFile": "model.onnx",
                 "ImageHeight": 64, "ImageWidth": 64, "ExtractBands": [0, 1, 2],
                 "Classes": [{"Value": 0, "Name": "Water", "Color": [0, 0, 255]}]%s}
                """.formatted(extraKeys);
    }
}
