package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST API against the real portal: Payara Micro, H2, the built WAR. */
@ExtendWith(PortalExtension.class)
class RestApiIT {

    @Test
    void healthAnswersWithoutSigningIn(PortalServer portal) throws Exception {
        var health = new RestClient(portal, null, null).get("/api/health");
        assertEquals(200, health.status());
        assertEquals("application/json", health.contentType());
        // Exact text: the API's JSON must come from one serialiser on every start, in one key order.
        // The memory search index loads in the background after start, so it may still be loading.
        // No count of items: anonymous visitors must not learn how many private items there are.
        assertTrue(health.body().matches("\\{\"status\":\"UP\",\"database\":\"UP\",\"search\":"
                + "\\{\"state\":\"(LOADING|READY)\"}}"), health.body());
    }

    @Test
    void theHomePageIsServed(PortalServer portal) throws Exception {
        assertEquals(200, new RestClient(portal, null, null).get("/").status());
    }

    @Test
    void stagingFilesOfAnUploadCutOffByACrashAreSweptAtStartup(PortalServer portal) throws Exception {
        assertTrue(Files.notExists(portal.home().resolve(PortalServer.LEFTOVER_STAGING)));
        assertTrue(Files.notExists(portal.home().resolve(PortalServer.LEFTOVER_STAGING).getParent()));
    }

    @Test
    void anonymousReadsSeeNoPrivateItemAndWrongCredentialsAreRefused(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        long privateItem = admin.upload("Private_By_Default.dlpk", aPackage().bytes()).json().get("id").asLong();

        var anonymous = new RestClient(portal, null, null).get("/api/items");
        assertEquals(200, anonymous.status(), anonymous.body());
        anonymous.json().get("items").forEach(item -> assertEquals("PUBLIC", item.get("sharing").asText(),
                item.toString()));
        assertEquals(404, new RestClient(portal, null, null).get("/api/items/" + privateItem).status());
        var write = new RestClient(portal, null, null).upload("Anonymous.dlpk", aPackage().bytes());
        assertEquals(401, write.status());
        assertEquals("unauthorized", write.json().get("error").asText());
        assertEquals(401, new RestClient(portal, "admin", "not-the-password").get("/api/items").status());
    }

    @Test
    void uploadedPackageBecomesAnItemThatListAndGetReturn(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        byte[] bytes = aPackage().withFile("notes/readme.txt", "made by RestApiIT").bytes();

        var created = api.upload("Rest_Land_Cover.dlpk", bytes);

        assertEquals(201, created.status(), created.body());
        JsonNode item = created.json();
        long id = item.get("id").asLong();
        assertEquals("Rest_Land_Cover", item.get("title").asText());
        assertEquals(1, item.get("version").asInt());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                item.get("sha256").asText());
        assertEquals("ImageClassification", item.get("modelType").asText());
        assertEquals("Onnx", item.get("framework").asText());
        assertEquals(List.of("Water", "Forest", "Built-up"),
                item.get("classes").findValuesAsText("name"));
        assertEquals("[0,92,230]", item.get("classes").get(0).get("color").toString());
        assertTrue(created.location().endsWith("/api/items/" + id), created.location());

        var fetched = api.get("/api/items/" + id);
        assertEquals(200, fetched.status());
        assertEquals(List.of("land_cover.emd", "land_cover.onnx", "notes/readme.txt"),
                fetched.json().get("files").findValuesAsText("path"));

        var list = api.get("/api/items");
        assertEquals(200, list.status());
        assertTrue(list.json().get("items").findValuesAsText("title").contains("Rest_Land_Cover"), list.body());
    }

    @Test
    void somethingThatIsNotAZipIsRefusedAndNothingIsStored(PortalServer portal) throws Exception {
        long blobsBefore = blobCount(portal);
        var refused = RestClient.asAdmin(portal).upload("notes.dlpk", "just text".getBytes());
        assertEquals(422, refused.status(), refused.body());
        JsonNode error = refused.json();
        assertEquals(422, error.get("status").asInt());
        assertEquals("not_a_zip", error.get("error").asText());
        assertEquals("notes.dlpk", error.get("problems").get(0).get("file").asText());
        assertEquals(blobsBefore, blobCount(portal));
        assertEquals(0, stagingFiles(portal), "no staging file may remain");
    }

    @Test
    void packageWithoutModelDefinitionIsRefusedNamingItsFiles(PortalServer portal) throws Exception {
        var refused = RestClient.asAdmin(portal).upload("no_emd.zip", aPackage().withoutEmd().bytes());
        assertEquals(422, refused.status());
        assertEquals("no_model_definition", refused.json().get("error").asText());
        assertEquals("no .emd file at the package root; found land_cover.onnx",
                refused.json().get("problems").get(0).get("message").asText());
    }

    @Test
    void invalidModelDefinitionReportsEveryProblemWithPathAndLine(PortalServer portal) throws Exception {
        byte[] bytes = aPackage().withEmd("{\n  \"ModelType\": \"ObjectDetection\",\n"
                + "  \"Classes\": [{\"Value\": 1, \"Name\": \"Tree\", \"Color\": [0, 256, 0]}],\n"
                + "  \"Framework\": [\"Onnx\"]\n}").bytes();
        var refused = RestClient.asAdmin(portal).upload("broken.dlpk", bytes);
        assertEquals(422, refused.status());
        JsonNode problems = refused.json().get("problems");
        assertEquals(2, problems.size(), refused.body());
        assertEquals("land_cover.emd", problems.get(0).get("file").asText());
        // In file order: the class table on line 3 comes before Framework on line 4.
        assertEquals("/Classes/0/Color", problems.get(0).get("jsonPath").asText());
        assertEquals(3, problems.get(0).get("line").asInt());
        assertEquals("/Framework", problems.get(1).get("jsonPath").asText());
        assertEquals(4, problems.get(1).get("line").asInt());
    }

    @Test
    void executableCodeIsStoredInertAndLabelledAndADangerousPickleIsRefused(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        var accepted = api.upload("With_Code.dlpk", aPackage().withFile("LandCover.py", "class LandCover: pass\n").bytes());
        assertEquals(201, accepted.status(), accepted.body());
        JsonNode python = null;
        for (JsonNode file : accepted.json().get("files")) {
            if (file.get("path").asText().equals("LandCover.py")) {
                python = file;
            }
        }
        assertTrue(python != null && python.get("executable").asBoolean(), accepted.body());
        assertEquals("Python source", python.get("kind").asText());
        assertTrue(accepted.json().get("warnings").toString().contains("never run by RasterHub"), accepted.body());

        byte[] evil = "cposix\nsystem\n(S'id'\ntR.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var refused = api.upload("Evil.dlpk", aPackage().withFile("model.pth", evil).bytes());
        assertEquals(422, refused.status());
        assertEquals("dangerous_code", refused.json().get("error").asText());
        assertEquals("model.pth", refused.json().get("problems").get(0).get("file").asText());
    }

    @Test
    void unknownItemIs404WithAJsonBody(PortalServer portal) throws Exception {
        var missing = RestClient.asAdmin(portal).get("/api/items/987654");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.json().get("error").asText());
        assertEquals(404, RestClient.asAdmin(portal).get("/api/items/not-a-number").status());
    }

    private static long blobCount(PortalServer portal) throws IOException {
        Path blobs = portal.home().resolve("blobs");
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static long stagingFiles(PortalServer portal) throws IOException {
        try (Stream<Path> files = Files.list(portal.home().resolve("tmp"))) {
            return files.count();
        }
    }
}
