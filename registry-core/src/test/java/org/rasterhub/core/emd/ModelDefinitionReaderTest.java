package org.rasterhub.core.emd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ModelDefinitionReaderTest {
    private final ModelDefinitionReader reader = new ModelDefinitionReader();

    @TestFactory
    Stream<DynamicTest> everyPublicSampleIsRead() throws IOException {
        // Copies of public .emd files (Esri/raster-deep-learning, Apache-2.0; see samples/SOURCES.md).
        Path samples = Path.of("src/test/resources/samples/emd");
        List<Path> files;
        try (Stream<Path> listed = Files.list(samples)) {
            files = listed.filter(p -> p.toString().endsWith(".emd")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no samples found in " + samples.toAbsolutePath());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ModelDefinition emd = reader.read(Files.readAllBytes(file));
            assertFalse(emd.modelType().isBlank());
            assertFalse(emd.classes().isEmpty(), "every sample has a class table");
        }));
    }

    @Test
    void readsTheKeysRasterHubUses() throws Exception {
        ModelDefinition emd = read("""
                {"Framework": "Onnx", "ModelType": "ObjectDetection", "ModelFile": ".\\\\model.onnx",
                 "ModelConfiguration": {"Name": "ObjectDetectionAPI", "Config": {}},
                 "Classes": [{"Value": 1, "Name": 7, "Color": [0, 255, 0]}], "Unknown": true}
                """);
        assertEquals("ObjectDetection", emd.modelType());
        assertEquals(Optional.of("Onnx"), emd.framework());
        assertEquals(Optional.of("ObjectDetectionAPI"), emd.modelConfiguration());
        assertEquals(Optional.of(".\\model.onnx"), emd.modelFile());
        assertEquals(List.of(new ModelClass(1, "7", 0, 255, 0)), emd.classes());
        assertTrue(emd.document().get("Unknown").asBoolean(), "unknown keys are kept");
    }

    @Test
    void acceptsAByteOrderMarkAndCrlfLineEnds() throws Exception {
        byte[] text = "{\r\n\"ModelType\": \"ImageClassification\"\r\n}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        assertEquals("ImageClassification", reader.read(withBom).modelType());
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        var e = assertThrows(InvalidModelDefinitionException.class,
                () -> read("{\n  \"ModelType\": \"ObjectDetection\",\n  \"Classes\": [,]\n}"));
        EmdProblem problem = e.problems().get(0);
        assertEquals(3, problem.line());
        assertEquals(15, problem.column());
        assertTrue(problem.message().startsWith("not valid JSON"), problem.message());
    }

    @Test
    void duplicateKeysAreRefused() {
        var e = assertThrows(InvalidModelDefinitionException.class,
                () -> read("{\"ModelType\": \"A\",\n\"ModelType\": \"B\"}"));
        assertTrue(e.problems().get(0).message().contains("Duplicate field 'ModelType'"),
                e.problems().get(0).message());
        assertEquals(2, e.problems().get(0).line());
    }

    @Test
    void reportsEveryWrongValueWithItsJsonPathAndLine() {
        var e = assertThrows(InvalidModelDefinitionException.class, () -> read("""
                {
                  "Framework": 3,
                  "Classes": [
                    {"Value": 0, "Name": "Water", "Color": [0, 0, 255]},
                    {"Value": 1, "Name": "Forest", "Color": [12, 300, 7]}
                  ]
                }
                """));
        List<EmdProblem> problems = e.problems();
        assertEquals(3, problems.size(), problems.toString());
        assertEquals(new EmdProblem("", 1, 1, "the required key \"ModelType\" is missing"), problems.get(0));
        assertEquals("/Framework", problems.get(1).jsonPath());
        assertEquals(2, problems.get(1).line());
        assertEquals(new EmdProblem("/Classes/1/Color", 5, 45, "expected 3 integers 0-255, found [12,300,7]"),
                problems.get(2));
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRefused() {
        var e = assertThrows(InvalidModelDefinitionException.class, () -> read("[1, 2]"));
        assertEquals("expected a JSON object, found [1,2]", e.problems().get(0).message());
    }

    @Test
    void deepNestingIsRefusedBeforeItExhaustsTheStack() {
        String deep = "{\"ModelType\": \"A\", \"x\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        var e = assertThrows(InvalidModelDefinitionException.class, () -> read(deep));
        assertTrue(e.problems().get(0).message().contains("nesting depth"), e.problems().get(0).message());
    }

    private ModelDefinition read(String json) throws InvalidModelDefinitionException {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
