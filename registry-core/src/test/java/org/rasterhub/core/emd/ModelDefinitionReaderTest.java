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
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
        assertEquals(13, files.size(), "samples/SOURCES.md lists 13 files");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(List.of(), EmdSchema.standard().validate(LocatedJson.parse(bytes)), "schema problems");
            ModelDefinition emd = reader.read(bytes);
            assertFalse(emd.modelType().isBlank());
            assertFalse(emd.classes().isEmpty(), "every sample has a class table");
            assertFalse(emd.extractBands().isEmpty(), "every sample names its bands");
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
    void readsTileSizeBandsAndInferenceFunction() throws Exception {
        ModelDefinition emd = read("""
                {"ModelType": "ObjectDetection", "InferenceFunction": "GroundingDINO.py",
                 "ImageHeight": 1024, "ImageWidth": 512.0, "ExtractBands": [2, 1, 0]}
                """);
        assertEquals(Optional.of("GroundingDINO.py"), emd.inferenceFunction());
        assertEquals(OptionalInt.of(1024), emd.imageHeight());
        assertEquals(OptionalInt.of(512), emd.imageWidth(), "256.0 is an integer in JSON Schema too");
        assertEquals(List.of(new ExtractBand.Index(2), new ExtractBand.Index(1), new ExtractBand.Index(0)),
                emd.extractBands());
        assertEquals(Optional.empty(), emd.framework());
    }

    @Test
    void bandsMayBeNamed() throws Exception {
        ModelDefinition emd = read("{\"ModelType\": \"ImageClassification\", \"ExtractBands\": [\"Red\", \"NIR\"]}");
        assertEquals(List.of(new ExtractBand.Name("Red"), new ExtractBand.Name("NIR")), emd.extractBands());
        assertEquals(OptionalInt.empty(), emd.imageHeight());
    }

    @Test
    void aRepeatedClassValueIsReportedAtTheSecondNamingTheFirst() {
        var e = assertThrows(InvalidModelDefinitionException.class, () -> read("""
                {"ModelType": "ImageClassification",
                 "Classes": [
                   {"Value": 1, "Name": "Water", "Color": [0, 0, 255]},
                   {"Value": 2, "Name": "Forest", "Color": [0, 128, 0]},
                   {"Value": 1, "Name": "Lake", "Color": [0, 0, 255]}
                 ]}
                """));
        assertEquals(List.of(new EmdProblem("/Classes/2/Value", 5, 14,
                "class value 1 is already used by /Classes/0 (\"Water\"); each class needs its own value")),
                e.problems());
    }

    @Test
    void repeatedClassNamesAndColoursAreAllowedAsInRealFiles() throws Exception {
        ModelDefinition emd = read("""
                {"ModelType": "ObjectDetection",
                 "Classes": [{"Value": 1, "Name": "Clutter", "Color": [127, 127, 127]},
                             {"Value": 2, "Name": "Clutter", "Color": [127, 127, 127]}]}
                """);
        assertEquals(2, emd.classes().size());
    }

    @Test
    void aBandListedTwiceIsReportedAtTheSecond() {
        var e = assertThrows(InvalidModelDefinitionException.class,
                () -> read("{\"ModelType\": \"ImageClassification\",\n\"ExtractBands\": [0, 1, 0]}"));
        assertEquals(List.of(new EmdProblem("/ExtractBands/2", 2, 24, "band 0 is already listed at /ExtractBands/0")),
                e.problems());
    }

    @Test
    void aBandIndexBeyondTheDeclaredBandsIsReported() {
        var e = assertThrows(InvalidModelDefinitionException.class, () -> read("""
                {"ModelType": "ImageClassification", "IsMultispectral": true,
                 "Bands": ["Red", "Green", "Blue", "NIR"],
                 "ExtractBands": [0, 1, 2, 4]}
                """));
        assertEquals(List.of(new EmdProblem("/ExtractBands/3", 3, 28,
                "band index 4 is out of range: \"Bands\" lists 4 bands (indexes 0-3)")), e.problems());
    }

    @Test
    void bandIndexesAndNamesAreNotMixed() {
        var e = assertThrows(InvalidModelDefinitionException.class,
                () -> read("{\"ModelType\": \"ImageClassification\", \"ExtractBands\": [0, \"NIR\"]}"));
        assertEquals("/ExtractBands/1", e.problems().get(0).jsonPath());
        assertEquals("expected a band index like the first entry, found \"NIR\"; list bands all by index or all "
                + "by name", e.problems().get(0).message());
    }

    @Test
    void aDataRangeWhoseMinimumIsNotBelowItsMaximumIsReported() {
        var e = assertThrows(InvalidModelDefinitionException.class,
                () -> read("{\"ModelType\": \"ImageClassification\", \"DataRange\": [1.0, 0.0]}"));
        assertEquals(List.of(new EmdProblem("/DataRange", 1, 51,
                "expected [min, max] with min below max, found [1.0,0.0]")), e.problems());
    }

    @Test
    void aValueBreakingSeveralRulesIsReportedOnce() {
        var e = assertThrows(InvalidModelDefinitionException.class, () -> read("{\n\"ModelType\": 42\n}"));
        assertEquals(List.of(new EmdProblem("/ModelType", 2, 14, "expected a non-empty string, found 42")),
                e.problems());
    }

    @Test
    void everyProblemInAFileIsReportedOnceInLineOrder() {
        var e = assertThrows(InvalidModelDefinitionException.class, () -> read("""
                {
                  "Classes": [
                    {"Value": 1, "Name": "Tree", "Color": [0, 255]},
                    {"Value": 1, "Name": "Bush", "Color": [0, 128, 0]}
                  ],
                  "ImageHeight": -5,
                  "ModelType": "Unet",
                  "ExtractBands": [0, 0],
                  "BatchSize": 0,
                  "Framework": 3
                }
                """));
        List<String> where = e.problems().stream().map(p -> p.line() + " " + p.jsonPath()).toList();
        assertEquals(List.of("3 /Classes/0/Color", "6 /ImageHeight", "7 /ModelType", "8 /ExtractBands/1",
                "9 /BatchSize", "10 /Framework"), where);
        assertTrue(e.problems().get(2).message().startsWith("unknown ModelType \"Unet\"; expected one of "
                + "ImageClassification, ObjectDetection, "), e.problems().get(2).message());
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
    void thousandsOfProblemsAreCutToTheFirstHundredWithACount() {
        String classes = IntStream.range(0, 1_000)
                .mapToObj(i -> "{\"Value\": " + i + ", \"Name\": \"c" + i + "\", \"Color\": [0, 0]}")
                .collect(Collectors.joining(",\n"));
        var e = assertThrows(InvalidModelDefinitionException.class,
                () -> read("{\"ModelType\": \"ImageClassification\", \"Classes\": [\n" + classes + "]}"));

        assertEquals(ModelDefinitionReader.MAX_PROBLEMS + 1, e.problems().size());
        assertEquals("/Classes/99/Color", e.problems().get(99).jsonPath());
        assertEquals("900 more problems are not listed; fix these and upload again to see them",
                e.problems().get(100).message());
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

    @Test
    void numbersBeyondAnyDoubleAreRefusedWithTheirPlace() {
        // Found by the fuzz test: Jackson throws an unchecked NumberFormatException for this exponent.
        for (String number : new String[] {"111111111111111111e111111111111111111111111111111111111111111111111230",
                "1e-99999999", "1.5e401"}) {
            var e = assertThrows(InvalidModelDefinitionException.class,
                    () -> read("{\"ModelType\": \"A\", \"x\": {\"y\": " + number + "}}"), number);
            assertEquals("not valid JSON: the number at /x/y is out of range", e.problems().get(0).message());
            assertEquals(1, e.problems().get(0).line());
        }
    }

    private ModelDefinition read(String json) throws InvalidModelDefinitionException {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
