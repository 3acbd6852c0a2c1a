package org.rasterhub.core.emd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EmdSchemaTest {
    private final EmdSchema schema = EmdSchema.standard();

    @Test
    void theSchemaFileIsValidJsonSchema202012() {
        Set<ValidationMessage> errors = EmdSchema.metaSchema().validate(EmdSchema.packagedDocument());
        assertEquals(Set.of(), errors);
    }

    @Test
    void theMetaSchemaCheckCatchesABrokenSchema() {
        ObjectNode broken = (ObjectNode) EmdSchema.packagedDocument();
        ((ObjectNode) broken.get("properties").get("ImageHeight")).put("type", "integr");
        assertFalse(EmdSchema.metaSchema().validate(broken).isEmpty(), "\"integr\" is not a JSON Schema type");
    }

    @Test
    void negativeImageHeightIsReportedWithItsPointerLineAndColumn() {
        assertEquals(List.of(new EmdProblem("/ImageHeight", 3, 18, "expected 1 or more, found -5")), validate("""
                {
                  "ModelType": "ImageClassification",
                  "ImageHeight": -5
                }
                """));
    }

    @Test
    void aModelConfigurationThatIsANumberIsReported() {
        assertEquals(List.of(new EmdProblem("/ModelConfiguration", 2, 24,
                "expected a string or an object, found 3")), validate("""
                {"ModelType": "ObjectDetection",
                 "ModelConfiguration": 3}
                """));
    }

    @Test
    void aModelConfigurationObjectNeedsAName() {
        assertEquals(List.of(new EmdProblem("/ModelConfiguration", 1, 56, "the required key \"Name\" is missing")),
                validate("{\"ModelType\": \"ObjectDetection\", \"ModelConfiguration\": {\"Architecture\": \"x\"}}"));
    }

    @Test
    void aColourWithTwoChannelsIsOneProblemAboutTheWholeColour() {
        assertEquals(List.of(new EmdProblem("/Classes/1/Color", 4, 44, "expected 3 integers 0-255, found [0,0]")),
                validate("""
                {"ModelType": "ImageClassification",
                 "Classes": [
                   {"Value": 0, "Name": "Water", "Color": [0, 0, 255]},
                   {"Value": 1, "Name": "Forest", "Color": [0, 0]}
                 ]}
                """));
    }

    @Test
    void aColourWithSeveralBadChannelsIsStillOneProblem() {
        List<EmdProblem> problems = validate("""
                {"ModelType": "ImageClassification",
                 "Classes": [{"Value": 0, "Name": "Water", "Color": [-1, 256, "blue"]}]}
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("/Classes/0/Color", problems.get(0).jsonPath());
        assertEquals("expected 3 integers 0-255, found [-1,256,\"blue\"]", problems.get(0).message());
    }

    @Test
    void unknownModelTypeListsTheKnownOnes() {
        List<EmdProblem> problems = validate("{\"ModelType\": \"Unet\"}");
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(new EmdProblem("/ModelType", 1, 15, "unknown ModelType \"Unet\"; expected one of "
                + "ImageClassification, ObjectDetection, ObjectClassification, ChangeDetection, InstanceDetection, "
                + "PanopticSegmenter, CycleGAN, Pix2Pix, Pix2PixHD, SuperResolution, ImageCaptioner"), problems.get(0));
    }

    @Test
    void aModelTypeInTheWrongCaseGetsAHint() {
        String message = validate("{\"ModelType\": \"objectdetection\"}").get(0).message();
        assertTrue(message.endsWith("(did you mean \"ObjectDetection\"? case matters)"), message);
    }

    @Test
    void aModelTypeOfTheWrongTypeSaysSoOnceNotAlsoUnknown() {
        assertEquals(List.of(new EmdProblem("/ModelType", 1, 15, "expected a string, found 7")),
                validate("{\"ModelType\": 7}"));
    }

    @Test
    void missingModelTypeIsReportedAtTheDocument() {
        assertEquals(List.of(new EmdProblem("", 1, 1, "the required key \"ModelType\" is missing")),
                validate("{\"Framework\": \"Onnx\"}"));
    }

    @Test
    void aWrongTypeQuotesTheValueFound() {
        assertEquals(List.of(new EmdProblem("/BatchSize", 1, 47, "expected an integer, found \"abc\"")),
                validate("{\"ModelType\": \"ObjectDetection\", \"BatchSize\": \"abc\"}"));
    }

    @Test
    void aLongValueIsCutInTheMessage() {
        String name = "x".repeat(500);
        String message = validate("{\"ModelType\": \"ObjectDetection\", \"ModelName\": [\"" + name + "\"]}")
                .get(0).message();
        assertTrue(message.startsWith("expected a string, found [\"xxx"), message);
        assertTrue(message.endsWith("..."), message);
        assertTrue(message.length() < 120, message);
    }

    @Test
    void aSmallSetOfAllowedValuesIsListed() {
        assertEquals(List.of(new EmdProblem("/ImageSpaceUsed", 1, 52,
                "unknown ImageSpaceUsed \"MAP\"; expected one of MAP_SPACE, PIXEL_SPACE")),
                validate("{\"ModelType\": \"ObjectDetection\", \"ImageSpaceUsed\": \"MAP\"}"));
    }

    @Test
    void aNegativeBandIndexIsReportedAtTheBand() {
        assertEquals(List.of(new EmdProblem("/ExtractBands/1", 1, 54,
                "expected a band index (an integer, 0 or more) or a band name, found -1")),
                validate("{\"ModelType\": \"ObjectDetection\", \"ExtractBands\": [0, -1, 2]}"));
    }

    @Test
    void aDataRangeOfThreeNumbersIsReported() {
        assertEquals(List.of(new EmdProblem("/DataRange", 1, 47, "expected [min, max]: two numbers, found [0,1,2]")),
                validate("{\"ModelType\": \"ObjectDetection\", \"DataRange\": [0, 1, 2]}"));
    }

    @Test
    void normalizationStatsAreCheckedUnderTheNamesArcgisLearnWrites() {
        // band_* and scaled_* (scaled_mean_values, not scaled_band_mean_values): both are numbers or null.
        assertEquals(List.of(), validate("{\"ModelType\": \"ObjectDetection\", \"NormalizationStats\": "
                + "{\"band_min_values\": [0, 1], \"scaled_mean_values\": [0.5, 0.4], \"scaled_std_values\": null}}"));
        assertEquals(1, validate("{\"ModelType\": \"ObjectDetection\", \"NormalizationStats\": "
                + "{\"scaled_mean_values\": \"0.5\"}}").size());
    }

    @Test
    void aClassWithoutAValueNamesTheMissingKey() {
        assertEquals(List.of(new EmdProblem("/Classes/0", 1, 46, "the required key \"Value\" is missing")),
                validate("{\"ModelType\": \"ObjectDetection\", \"Classes\": [{\"Name\": \"Tree\"}]}"));
    }

    @Test
    void anyCaseOfAFrameworkIsAccepted() {
        for (String framework : List.of("Onnx", "ONNX", "onnx", "PyTorch", "arcgis.learn.models._inferencing")) {
            String emd = "{\"ModelType\": \"ObjectDetection\", \"Framework\": \"" + framework + "\"}";
            assertEquals(List.of(), validate(emd), framework);
        }
    }

    @Test
    void whatArcgisLearnWritesIsAccepted() {
        assertEquals(List.of(), validate("""
                {
                  "Framework": "arcgis.learn.models._inferencing",
                  "ModelConfiguration": "_DynamicSSD",
                  "ModelType": "ObjectDetection",
                  "ModelFile": ".",
                  "ModelFiles": ["model.pth", "model_metrics.html"],
                  "InferenceFunction": "[Functions]System\\\\DeepLearning\\\\ArcGISLearn\\\\ArcGISObjectDetector.py",
                  "ArcGISLearnVersion": "1.8.3",
                  "ModelParameters": {"backbone": "resnet34", "backend": "pytorch"},
                  "ModelFormat": "NCHW",
                  "LearningRate": "slice(1e-05, 0.001, None)",
                  "resize_to": null,
                  "ImageHeight": 256.0,
                  "ImageWidth": 256,
                  "ExtractBands": [0, 1, 2],
                  "ImageSpaceUsed": "MAP_SPACE",
                  "SupportsVariableTileSize": false,
                  "MinCellSize": {"x": 0.3, "y": 0.3, "spatialReference": {"wkid": 102100, "latestWkid": 3857}},
                  "IsMultispectral": true,
                  "Bands": ["red", "green", "blue", "nir"],
                  "ImageryType": "naip",
                  "NormalizationStats": {"band_min_values": [0, 0, 0, 0], "scaled_std_values": null},
                  "DoNormalize": 1,
                  "Kwargs": {},
                  "Grids": [4], "Zooms": [1.0], "Ratios": [[1.0, 1.0]],
                  "TorchScript": {"CPU": "model-cpu.pt", "GPU": "model-gpu.pt"},
                  "CropSizeFixed": 1,
                  "BlackenAroundFeature": true,
                  "average_precision_score": {"Tree": 0.81},
                  "per_class_metrics": "{\\"precision\\": {}}",
                  "monitored_valid_loss": 0.21,
                  "Classes": [{"Value": 1, "Name": 7, "Color": [0, 255, 0]},
                              {"Value": 2, "Name": "B", "Color": [0, 255, 0]}],
                  "SomethingNewer": {"any": "shape"}
                }
                """));
    }

    @Test
    void aRefInsideTheEmdIsDataAndIsNeverFetched() throws Exception {
        try (LoopbackListener listener = new LoopbackListener()) {
            List<EmdProblem> problems = validate("""
                    {"$schema": "%1$s", "$id": "%2$s", "$ref": "%3$s",
                     "ModelType": "ObjectDetection",
                     "Classes": [{"$ref": "%3$s#/x", "Value": 1, "Name": "Tree"}]}
                    """.formatted(listener.url("meta.json"), listener.url("id.json"), listener.url("evil.json")));

            assertEquals(List.of(), problems, "a $ref in the document is an unknown key like any other");
            assertEquals(0, listener.connections(), "nothing may be fetched");
        }
    }

    @Test
    void aSchemaReferringToAnotherHostIsRefusedWithoutConnecting() throws Exception {
        try (LoopbackListener listener = new LoopbackListener()) {
            var refused = assertThrows(IllegalArgumentException.class, () -> EmdSchema.fromText("""
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "properties": {"ModelType": {"$ref": "%s"}}}
                    """.formatted(listener.url("evil.json"))));

            assertEquals(0, listener.connections(), "nothing may be fetched");
            assertTrue(refused.getMessage().contains("is not allowed to be loaded"), refused.getMessage());
        }
    }

    @Test
    void aSchemaWhoseIdMakesARelativeRefRemoteIsRefusedWithoutConnecting() throws Exception {
        try (LoopbackListener listener = new LoopbackListener()) {
            var refused = assertThrows(IllegalArgumentException.class, () -> EmdSchema.fromText("""
                    {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "%s",
                     "properties": {"ModelType": {"$ref": "evil.json"}}}
                    """.formatted(listener.url("base.json"))));

            assertEquals(0, listener.connections(), "nothing may be fetched");
            assertTrue(refused.getMessage().contains(listener.url("evil.json") + "' is not allowed to be loaded"),
                    refused.getMessage());
        }
    }

    @Test
    void aSchemaWithARemoteMetaSchemaIsRefusedWithoutConnecting() throws Exception {
        try (LoopbackListener listener = new LoopbackListener()) {
            var refused = assertThrows(IllegalArgumentException.class, () -> EmdSchema.fromText(
                    "{\"$schema\": \"" + listener.url("meta.json") + "\", \"type\": \"object\"}"));

            assertEquals(0, listener.connections(), "nothing may be fetched");
            assertTrue(refused.getMessage().contains("is not allowed to be loaded"), refused.getMessage());
        }
    }

    @Test
    void theLoopbackListenerNoticesAConnection() throws Exception {
        try (LoopbackListener listener = new LoopbackListener();
             Socket ignored = new Socket(LoopbackListener.ADDRESS, listener.port())) {
            assertEquals(1, listener.connections(), "otherwise zero would prove nothing");
        }
    }

    @Test
    void aSchemaWithOnlyLocalRefsStillWorks() {
        EmdSchema local = EmdSchema.fromText("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "properties": {"ImageHeight": {"$ref": "#/$defs/size"}},
                 "$defs": {"size": {"type": "integer", "minimum": 1}}}
                """);
        assertEquals(List.of(new EmdProblem("/ImageHeight", 1, 17, "expected 1 or more, found 0")),
                local.validate(parse("{\"ImageHeight\": 0}")));
    }

    private List<EmdProblem> validate(String json) {
        return schema.validate(parse(json));
    }

    private static LocatedJson parse(String json) {
        try {
            return LocatedJson.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidModelDefinitionException e) {
            throw new AssertionError(e.problems().toString(), e);
        }
    }

    /** Counts TCP connections on a loopback port; each is closed at once so a client fails fast, never hangs. */
    static final class LoopbackListener implements AutoCloseable {
        static final InetAddress ADDRESS = loopback();

        private final ServerSocket server;
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread acceptor;

        LoopbackListener() throws IOException {
            server = new ServerSocket(0, 50, ADDRESS);
            server.setSoTimeout(50);
            acceptor = new Thread(this::acceptUntilClosed, "loopback-listener");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        String url(String path) {
            return "http://127.0.0.1:" + port() + "/" + path;
        }

        /** Connections so far, after giving a late one time to arrive. */
        int connections() throws InterruptedException {
            Thread.sleep(300);
            return connections.get();
        }

        private void acceptUntilClosed() {
            while (!server.isClosed()) {
                try (Socket ignored = server.accept()) {
                    connections.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // poll again, so that close() ends the loop
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(2_000);
        }

        private static InetAddress loopback() {
            try {
                return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
