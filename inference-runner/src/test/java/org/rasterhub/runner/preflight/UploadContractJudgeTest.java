package org.rasterhub.runner.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.ingest.ModelContractJudge.Judgement;
import org.rasterhub.runner.contract.OnnxFactsJson;
import org.rasterhub.runner.contract.OnnxModelFacts;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/** What upload says of an ONNX model file against its definition, before anyone runs it (issue #14). */
class UploadContractJudgeTest {
    private static final String CLASSES = "\"Classes\": [{\"Value\": 0, \"Name\": \"Forest\", \"Color\": [0, 90, 0]},"
            + " {\"Value\": 3, \"Name\": \"Water\", \"Color\": [0, 0, 200]}]";

    @TempDir Path tmp;

    @Test
    void aModelThatFitsItsDefinitionHasNoProblemsAndItsFactsAreRecorded() throws Exception {
        Path file = write(TinyOnnxModels.landCoverLike(4, 64, 16, 2, 1));

        Judgement judgement = judge(pixelEmd(4, 64, 16), file);

        assertEquals(List.of(), judgement.problems());
        assertEquals(OnnxModelFacts.read(file), OnnxFactsJson.read(judgement.contractJson()));
    }

    @Test
    void bandsTheModelDoesNotTakeAreSaidAtUpload() throws Exception {
        Judgement judgement = judge(pixelEmd(3, 64, 16), write(TinyOnnxModels.landCoverLike(4, 64, 16, 2, 1)));

        assertEquals(1, judgement.problems().size(), judgement.problems().toString());
        assertTrue(judgement.problems().get(0).startsWith("model.onnx: the model takes 4 bands"),
                judgement.problems().get(0));
    }

    @Test
    void aCoreOutputThatFitsNoPaddingOfTheDefinitionIsSaidAtUpload() throws Exception {
        // The model answers the centre 36 of a 64 tile (padding 14); the definition says ModelPadding 10:
        // 36 is neither the tile, its core (44), nor either divided by a whole number.
        Judgement judgement = judge(pixelEmd(4, 64, 10), write(TinyOnnxModels.landCoverLike(4, 64, 14, 2, 1)));

        assertEquals(1, judgement.problems().size(), judgement.problems().toString());
        String problem = judgement.problems().get(0);
        assertTrue(problem.contains("no output of the model is a per-pixel result for tiles of 64 with padding 10"),
                problem);
        assertTrue(problem.contains("classes: float [1, 2, 36, 36]"), problem);
    }

    @Test
    void aYoloHeadForOtherClassesThanTheDefinitionsIsSaidAtUpload() throws Exception {
        Path head = write(TinyDetectionModels.yoloHead(3, 64, 8, null));   // 3 classes in the head

        Judgement judgement = judge(definition("{\"ModelType\": \"ObjectDetection\", \"ImageHeight\": 64,"
                + " \"ExtractBands\": [0, 1, 2], " + CLASSES + "}"), head);

        assertEquals(1, judgement.problems().size(), judgement.problems().toString());
        assertTrue(judgement.problems().get(0).contains("is no YOLO head for the definition's 2 classes"),
                judgement.problems().get(0));
    }

    @Test
    void bytesThatAreNoOnnxModelAreSaidNotThrown() throws Exception {
        Path file = tmp.resolve("model.onnx");
        Files.write(file, new byte[] {8, 7, 18, 3, 'a'});

        Judgement judgement = judge(pixelEmd(4, 64, 16), file);

        assertNull(judgement.contractJson());
        assertTrue(judgement.problems().get(0).contains("not a readable ONNX model"), judgement.problems().toString());
    }

    private Judgement judge(ModelDefinition emd, Path file) {
        return new UploadContractJudge().judge(emd, "model.onnx", file);
    }

    private Path write(byte[] model) throws Exception {
        return TinyOnnxModels.write(tmp.resolve("model.onnx"), model);
    }

    private static ModelDefinition pixelEmd(int bands, int tile, int padding) throws Exception {
        StringBuilder extract = new StringBuilder();
        for (int b = 0; b < bands; b++) {
            extract.append(b == 0 ? "" : ", ").append(b);
        }
        return definition("{\"ModelType\": \"ImageClassification\", \"ImageHeight\": " + tile + ", \"ImageWidth\": "
                + tile + ", \"ModelPadding\": " + padding + ", \"ExtractBands\": [" + extract + "], " + CLASSES + "}");
    }

    private static ModelDefinition definition(String emd) throws Exception {
        return new ModelDefinitionReader().read(emd.getBytes(StandardCharsets.UTF_8));
    }
}
