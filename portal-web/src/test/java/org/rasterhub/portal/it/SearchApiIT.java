package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rasterhub.core.schema.SchemaMigrator;
import org.rasterhub.portal.security.PasswordHasher;

/**
 * Catalog search through the real portal: {@code GET /api/items?q=…} on Payara Micro and H2. This
 * class starts its own portal on a data folder prepared with accounts and a group (the shared one
 * has only the administrator), so totals are exact: alice and bob are in the group "hydrology",
 * carol is signed in but in no group, dora keeps one private item for the edit test.
 */
class SearchApiIT {
    private static final String PASSWORD = "search-it-password";
    private static PortalServer portal;
    private static Map<String, Long> ids;
    private static long groupId;

    @BeforeAll
    static void portalWithAccountsAndItems() throws Exception {
        Path home = PortalServer.WORK.resolve("search-home-" + System.currentTimeMillis());
        Files.createDirectories(home);
        prepareAccounts(home);
        portal = PortalServer.start(home, PortalServer.WORK.resolve("search-portal.log"));
        ids = new java.util.LinkedHashMap<>();
        // Created in this order, so that ties in score go to the later one.
        ids.put("A", item("alice", "Flood Extent Mapping", null, null, List.of("flood", "hydrology"), "public",
                "ImageClassification", "Water", "Land"));
        ids.put("B", item("alice", "River Gauge Model", "Issues flood warnings", null, List.of("hydrology", "Rivers"),
                "organization", "ImageClassification", "Water"));
        ids.put("C", item("alice", "Coastal Change", null, "Detects flood damage along coasts", List.of(), "groups",
                "ObjectDetection", "Damage"));
        ids.put("D", item("alice", "Private Flood Notes", null, null, List.of(), "private", "ImageClassification",
                "Water"));
        ids.put("E", item("bob", "Flood Buildings", "Buildings hit by a flood", null, List.of("damage"), "public",
                "ObjectDetection", "Building"));
        ids.put("F", item("bob", "Forest Canopy", null, null, List.of(), "public", "ImageClassification", "Tree"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void theBestMatchComesFirstTitleAndTagBeforeTitleAndSummaryBeforeTitleBeforeSummaryBeforeDescription()
            throws Exception {
        JsonNode page = search("alice", "q=flood");
        assertEquals(List.of(ids.get("A"), ids.get("E"), ids.get("D"), ids.get("B"), ids.get("C")), idsOf(page));
        assertEquals(5, page.get("total").asLong());
    }

    @Test
    void theLastWordFindsWordsItBeginsForTypeAhead() throws Exception {
        assertEquals(idsOf(search("alice", "q=flood")), idsOf(search("alice", "q=flo")));
        assertEquals(List.of(ids.get("F")), idsOf(search("alice", "q=forest+cano")));
        assertEquals(List.of(ids.get("E")), idsOf(search("alice", "q=flood+buil")), "every word must match");
    }

    @Test
    void anAnonymousCallerFindsAndCountsOnlyPublicItems() throws Exception {
        JsonNode flood = search(null, "q=flood");
        assertEquals(List.of(ids.get("A"), ids.get("E")), idsOf(flood));
        assertEquals(2, flood.get("total").asLong());
        JsonNode all = search(null, "");
        assertEquals(3, all.get("total").asLong(), all.toString());
        all.get("items").forEach(item -> assertEquals("PUBLIC", item.get("sharing").asText()));
        assertEquals(0, search(null, "sharing=private").get("total").asLong());
        assertEquals(0, search(null, "q=coastal").get("total").asLong());
    }

    @Test
    void aUserOutsideTheGroupNeitherSeesNorCountsGroupOrPrivateItems() throws Exception {
        JsonNode flood = search("carol", "q=flood");
        assertEquals(List.of(ids.get("A"), ids.get("E"), ids.get("B")), idsOf(flood));
        assertEquals(3, flood.get("total").asLong());
        assertEquals(0, search("carol", "sharing=groups").get("total").asLong());
        assertEquals(0, search("carol", "q=damage+along").get("total").asLong());
        assertEquals(4, search("carol", "size=1").get("total").asLong(), "A, B, E, F");
    }

    @Test
    void aGroupMemberSeesItemsSharedWithTheGroupButNotOthersPrivateItems() throws Exception {
        JsonNode flood = search("bob", "q=flood");
        assertEquals(List.of(ids.get("A"), ids.get("E"), ids.get("B"), ids.get("C")), idsOf(flood));
        assertEquals(4, flood.get("total").asLong());
    }

    @Test
    void eachFilterNarrowsTheResults() throws Exception {
        assertEquals(List.of(ids.get("E"), ids.get("C")), idsOf(search("alice", "modelType=ObjectDetection")));
        assertEquals(6, search("alice", "framework=Onnx").get("total").asLong());
        assertEquals(0, search("alice", "framework=PyTorch").get("total").asLong());
        assertEquals(List.of(ids.get("F"), ids.get("E")), idsOf(search("alice", "owner=bob")));
        assertEquals(List.of(ids.get("B"), ids.get("A")), idsOf(search("alice", "tag=HYDROLOGY")));
        assertEquals(List.of(ids.get("C")), idsOf(search("alice", "sharing=groups")));
        assertEquals(List.of(ids.get("E")), idsOf(search("alice", "q=flood&owner=bob&modelType=ObjectDetection")));
    }

    @Test
    void sortByTitleOrModifiedInsteadOfRelevance() throws Exception {
        assertEquals(List.of("Coastal Change", "Flood Buildings", "Flood Extent Mapping", "Forest Canopy",
                "Private Flood Notes", "River Gauge Model"), titlesOf(search("alice", "sort=title")));
        assertEquals(List.of(ids.get("E"), ids.get("D"), ids.get("C"), ids.get("B"), ids.get("A")),
                idsOf(search("alice", "q=flood&sort=modified")));
    }

    @Test
    void pagesAddUpToTheWholeListAndEachCarriesTheTotal() throws Exception {
        List<Long> all = idsOf(search("alice", "size=100"));
        assertEquals(6, all.size());
        List<Long> paged = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            JsonNode answer = search("alice", "size=2&page=" + page);
            assertEquals(6, answer.get("total").asLong(), "page " + page);
            assertEquals(page, answer.get("page").asInt());
            assertEquals(2, answer.get("size").asInt());
            answer.get("items").forEach(item -> paged.add(item.get("id").asLong()));
        }
        assertEquals(all, paged);
    }

    @Test
    void theAnswerIsAPageObjectWithSummaries() throws Exception {
        var response = client(null).get("/api/items?q=forest");
        assertEquals(200, response.status());
        JsonNode body = response.json();
        assertEquals(List.of("total", "page", "size", "items"), fieldNames(body));
        JsonNode item = body.get("items").get(0);
        assertEquals("Forest Canopy", item.get("title").asText());
        assertEquals("bob", item.get("owner").asText());
        assertEquals("ImageClassification", item.get("modelType").asText());
        assertEquals("Onnx", item.get("framework").asText());
        assertEquals(1, item.get("classCount").asInt());
        assertEquals(1, item.get("version").asInt());
    }

    @Test
    void theIndexFollowsEditsNewVersionsAndDeletes() throws Exception {
        JsonNode health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                client("dora").get("/api/health").body()).get("search");
        assertEquals("READY", health.get("state").asText(), "the memory index answers, following the change log");
        long id = item("dora", "Glacier Outline", null, null, List.of(), "private", "ImageClassification", "Ice");
        assertEquals(List.of(id), idsOf(search("dora", "q=glacier")));

        patch("dora", "/api/items/" + id, "{\"title\": \"Snowline Tracker\", \"tags\": [\"Cryosphere\"]}");
        assertEquals(0, search("dora", "q=glacier").get("total").asLong(), "the old title is gone");
        assertEquals(List.of(id), idsOf(search("dora", "q=snowline")));
        assertEquals(List.of(id), idsOf(search("dora", "tag=cryosphere")));

        var version = client("dora").upload("/api/items/" + id + "/versions", "Snowline_v2.dlpk",
                aPackage().withEmd(emd("ObjectDetection", "Crevasse")).bytes());
        assertEquals(201, version.status(), version.body());
        JsonNode found = search("dora", "q=crevasse");
        assertEquals(List.of(id), idsOf(found), "class names of the latest version");
        assertEquals(2, found.get("items").get(0).get("version").asInt());
        assertEquals(List.of(id), idsOf(search("dora", "q=snowline&modelType=ObjectDetection")));
        assertEquals(0, search("dora", "q=ice").get("total").asLong(), "classes of older versions are not searched");

        assertEquals(204, client("dora").delete("/api/items/" + id).status());
        assertEquals(0, search("dora", "q=snowline").get("total").asLong());
        assertEquals(0, search("dora", "owner=dora").get("total").asLong());
    }

    @Test
    void badParametersAre422NamingTheParameter() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("sort=newest", "sort");
        cases.put("size=0", "size");
        cases.put("size=101", "size");
        cases.put("page=-1", "page");
        cases.put("page=abc", "page");
        cases.put("sharing=friends", "sharing");
        cases.put("q=%21%21%21", "q");
        cases.put("q=" + "x".repeat(201), "q");
        cases.put("modeltype=ObjectDetection", "modeltype");
        cases.put("q=a&q=b", "q");
        cases.put("size=99999999999999999999", "size");
        for (var hostile : cases.entrySet()) {
            var response = client(null).get("/api/items?" + hostile.getKey());
            assertEquals(422, response.status(), hostile.getKey() + ": " + response.body());
            JsonNode error = response.json();
            assertEquals("invalid_parameter", error.get("error").asText(), hostile.getKey());
            assertEquals(hostile.getValue(), error.get("problems").get(0).get("jsonPath").asText(), hostile.getKey());
            assertTrue(error.get("message").asText().startsWith(hostile.getValue() + ": "), error.toString());
        }
    }

    private static JsonNode search(String user, String parameters) throws Exception {
        var response = client(user).get("/api/items" + (parameters.isEmpty() ? "" : "?" + parameters));
        assertEquals(200, response.status(), parameters + ": " + response.body());
        return response.json();
    }

    private static RestClient client(String user) {
        return user == null ? new RestClient(portal, null, null) : new RestClient(portal, user, PASSWORD);
    }

    /** Uploads a package as the user, then describes and shares it; returns its id. */
    private static long item(String owner, String title, String summary, String description, List<String> tags,
                             String sharing, String modelType, String... classes) throws Exception {
        RestClient api = client(owner);
        var created = api.upload(title.replace(' ', '_') + ".dlpk", aPackage().withEmd(emd(modelType, classes)).bytes());
        assertEquals(201, created.status(), created.body());
        long id = created.json().get("id").asLong();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var edit = json.createObjectNode().put("title", title).put("summary", summary).put("description", description);
        var tagArray = edit.putArray("tags");
        tags.forEach(tagArray::add);
        patch(owner, "/api/items/" + id, edit.toString());
        String groups = sharing.equals("groups") ? "[" + groupId + "]" : "[]";
        var shared = api.putJson("/api/items/" + id + "/sharing", "{\"sharing\": \"" + sharing + "\", \"groups\": "
                + groups + "}");
        assertEquals(200, shared.status(), shared.body());
        return id;
    }

    private static void patch(String user, String path, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(portal.uri(path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private static String emd(String modelType, String... classes) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < classes.length; i++) {
            list.append(i == 0 ? "" : ", ").append("{\"Value\": ").append(i).append(", \"Name\": \"").append(classes[i])
                    .append("\", \"Color\": [").append(40 * i).append(", 100, 0]}");
        }
        return "{\"Framework\": \"Onnx\", \"ModelConfiguration\": \""
                + (modelType.equals("ObjectDetection") ? "ObjectDetectionAPI" : "BrightestBand")
                + "\", \"ModelFile\": \"land_cover.onnx\", \"ModelType\": \"" + modelType + "\", \"ImageHeight\": 256,"
                + " \"ImageWidth\": 256, \"ExtractBands\": [0, 1, 2], \"Classes\": [" + list + "]}";
    }

    /** Accounts and a group written into the new database before the portal first opens it. */
    private static void prepareAccounts(Path home) throws Exception {
        String url = "jdbc:h2:file:" + home.resolve("db/rasterhub") + ";AUTO_SERVER=TRUE";
        org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        new SchemaMigrator(dataSource).migrate();
        String hash = new PasswordHasher().hash(PASSWORD.toCharArray());
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            for (String[] account : List.of(new String[] {"admin", "ADMINISTRATOR"}, new String[] {"alice", "USER"},
                    new String[] {"bob", "USER"}, new String[] {"carol", "USER"}, new String[] {"dora", "USER"})) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO account (username,"
                        + " username_key, password_hash, role, created_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
                    insert.setString(1, account[0]);
                    insert.setString(2, account[0].toLowerCase(java.util.Locale.ROOT));
                    insert.setString(3, hash);
                    insert.setString(4, account[1]);
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO portal_group (name, description,"
                    + " owner, created_at) VALUES ('hydrology', 'Rivers and floods', 'alice', CURRENT_TIMESTAMP)",
                    new String[] {"ID"})) {
                insert.executeUpdate();
                var keys = insert.getGeneratedKeys();
                keys.next();
                groupId = keys.getLong(1);
            }
            for (String member : List.of("alice", "bob")) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO group_member (group_id, username) VALUES (?, ?)")) {
                    insert.setLong(1, groupId);
                    insert.setString(2, member);
                    insert.executeUpdate();
                }
            }
        }
    }

    private static List<Long> idsOf(JsonNode page) {
        List<Long> found = new ArrayList<>();
        page.get("items").forEach(item -> found.add(item.get("id").asLong()));
        return found;
    }

    private static List<String> titlesOf(JsonNode page) {
        List<String> found = new ArrayList<>();
        page.get("items").forEach(item -> found.add(item.get("title").asText()));
        return found;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
