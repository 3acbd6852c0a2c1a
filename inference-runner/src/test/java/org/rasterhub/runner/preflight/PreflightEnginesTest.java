package org.rasterhub.runner.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.codescan.FileKind;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.runner.preflight.PreflightFinding.Severity;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyTorchScriptModels;

/** The pre-flight check agrees with what the engines here can load: TorchScript yes, pickles never. */
class PreflightEnginesTest {
    @TempDir Path tmp;
    private RasterFacts scene;

    @BeforeEach
    void writeRaster() throws Exception {
        Path file = tmp.resolve("scene.tif");
        GeoTiffs.write(file, FloatBands.zeros(40, 30, 3), GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);
        scene = RasterFacts.probe(file);
    }

    @Test
    void aTorchScriptModelIsRunnableNowThatThePyTorchEngineIsHere() throws Exception {
        ModelFileVerdict verdict = ModelFileVerdict.assess("model.pt",
                TinyTorchScriptModels.write(tmp.resolve("blob"), TinyTorchScriptModels.brightestBandScores()));

        assertEquals(new ModelFileVerdict("model.pt", true, "TorchScript: runs on the PyTorch engine",
                FileKind.TORCHSCRIPT), verdict);
        assertEquals(List.of(), check(verdict, false, false));
    }

    @Test
    void pickledPyTorchWeightsAreStillAnErrorWithTheWayOut() throws Exception {
        ModelFileVerdict verdict = ModelFileVerdict.assess("model.pth",
                TinyTorchScriptModels.write(tmp.resolve("blob"), TinyTorchScriptModels.pickledStateDict()));

        List<PreflightFinding> findings = check(verdict, false, false);

        assertFalse(verdict.runnableHere());
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertEquals("model.pth", findings.get(0).subject());
        assertTrue(findings.get(0).message().contains("export the model to ONNX (torch.onnx.export) or TorchScript"),
                findings.get(0).message());
    }

    @Test
    void aTorchScriptModelOnAGpuIsAnErrorEvenWhereThereIsOne() throws Exception {
        ModelFileVerdict verdict = ModelFileVerdict.assess("model.pt",
                TinyTorchScriptModels.write(tmp.resolve("blob"), TinyTorchScriptModels.brightestBandScores()));

        assertEquals(List.of(PreflightFinding.error("processor", "TorchScript models run on the CPU only here; "
                + "choose processor type CPU, or export the model to ONNX (torch.onnx.export) to run it on a GPU")),
                check(verdict, true, true));
    }

    @Test
    void aGpuAskedForWhereThereIsNoneStaysAnError() throws Exception {
        ModelFileVerdict verdict = ModelFileVerdict.assess("model.pt",
                TinyTorchScriptModels.write(tmp.resolve("blob"), TinyTorchScriptModels.brightestBandScores()));

        List<PreflightFinding> findings = check(verdict, false, true);

        assertEquals(List.of("the run asks for a GPU but this server has none; choose processor type CPU",
                "TorchScript models run on the CPU only here; choose processor type CPU, or export the model to "
                        + "ONNX (torch.onnx.export) to run it on a GPU"),
                findings.stream().map(PreflightFinding::message).toList());
    }

    private List<PreflightFinding> check(ModelFileVerdict model, boolean gpuPresent, boolean gpuRequested)
            throws Exception {
        ModelDefinition definition = new ModelDefinitionReader().read("""
                {"Framework": "PyTorch", "ModelType": "ImageClassification", "ModelFile": "model.pt",
                 "ImageHeight": 64, "ImageWidth": 64, "ExtractBands": [0, 1, 2],
                 "Classes": [{"Value": 0, "Name": "Water", "Color": [0, 0, 255]}]}
                """.getBytes(StandardCharsets.UTF_8));
        return new PreflightCheck(gpuPresent).check(definition, model, scene, gpuRequested);
    }
}
