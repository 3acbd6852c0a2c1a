package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The access-control matrix, against the real portal through REST: every kind of caller × every
 * sharing level × every action. The expected outcome of each cell comes from the rules as written in
 * docs/accounts.md, spelled out here independently of the portal's own ItemAccess class.
 */
@ExtendWith(PortalExtension.class)
class AccessMatrixIT {
    private static final String PASSWORD = "matrix-password-1";

    enum Level { PRIVATE, GROUPS, ORGANIZATION, PUBLIC }

    enum Action { VIEW, SEARCH, DOWNLOAD, THUMBNAIL, EDIT, SHARE, DELETE, RUN }

    /** Who calls: their role, whether they are in the group the GROUPS item is shared with, whether they own it. */
    enum Who {
        ANONYMOUS(null, false, false),
        VIEWER_IN_GROUP("viewer", true, false),
        USER_IN_GROUP("user", true, false),
        USER_OUTSIDE("user", false, false),
        PUBLISHER_IN_GROUP("publisher", true, false),
        PUBLISHER_OUTSIDE("publisher", false, false),
        OWNER("publisher", false, true),
        ADMINISTRATOR("administrator", false, false);

        final String role;
        final boolean inGroup;
        final boolean owner;

        Who(String role, boolean inGroup, boolean owner) {
            this.role = role;
            this.inGroup = inGroup;
            this.owner = owner;
        }

        boolean signedIn() {
            return role != null;
        }

        boolean admin() {
            return "administrator".equals(role);
        }

        boolean mayView(Level level) {
            return admin() || owner || level == Level.PUBLIC
                    || signedIn() && (level == Level.ORGANIZATION || level == Level.GROUPS && inGroup);
            // PRIVATE means the owner alone: an item made private is shared with no group any more.
        }

        boolean mayManage() {
            return admin() || owner;
        }

        boolean mayRun(Level level) {
            return mayView(level) && ("publisher".equals(role) || admin());
        }
    }

    /** What a cell must answer: the HTTP status, or for SEARCH whether the item is listed (200 = listed). */
    static int expected(Who who, Level level, Action action) {
        boolean view = who.mayView(level);
        return switch (action) {
            case VIEW, DOWNLOAD, THUMBNAIL -> view ? 200 : 404;
            case SEARCH -> view ? 200 : 404;
            case EDIT, SHARE, DELETE -> !view ? (who.signedIn() ? 404 : 401)
                    : who.mayManage() ? (action == Action.DELETE ? 204 : 200)
                    : who.signedIn() ? 403 : 401;
            // A run with no raster passes the access checks and then fails pre-flight (422): nothing is queued.
            // The role is checked first: "only publishers run analysis" says nothing about the item.
            case RUN -> !who.signedIn() ? 401 : !(who.role.equals("publisher") || who.admin()) ? 403
                    : !view ? 404 : 422;
        };
    }

    @Test
    void everyCallerGetsExactlyWhatTheRulesAllowOnEveryLevelAndAction(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<Who, RestClient> clients = new EnumMap<>(Who.class);
        Map<Who, String> names = new EnumMap<>(Who.class);
        for (Who who : Who.values()) {
            if (who == Who.ANONYMOUS) {
                clients.put(who, RestClient.anonymous(portal));
            } else if (who == Who.ADMINISTRATOR) {
                clients.put(who, admin);
                names.put(who, "admin");
            } else {
                String name = who.name().toLowerCase().replace('_', '-') + "-" + suffix;
                clients.put(who, admin.createAccount(name, PASSWORD, who.role));
                names.put(who, name);
            }
        }
        RestClient owner = clients.get(Who.OWNER);
        var group = owner.postJson("/api/groups", "{\"name\": \"matrix-team-" + suffix + "\"}");
        assertEquals(201, group.status(), group.body());
        long groupId = group.json().get("id").asLong();
        List<String> members = new ArrayList<>();
        for (Who who : Who.values()) {
            if (who.inGroup) {
                members.add("\"" + names.get(who) + "\"");
            }
        }
        assertEquals(200, owner.putJson("/api/groups/" + groupId + "/members",
                "{\"members\": " + members + "}").status());
        for (Who who : Who.values()) {   // the owner invites; each joins by accepting
            if (who.inGroup && who != Who.OWNER && who != Who.ADMINISTRATOR) {
                assertEquals(200, clients.get(who).postJson("/api/invitations/" + groupId + "/accept", "{}").status(),
                        who.name());
            }
        }

        Map<Level, Long> items = new LinkedHashMap<>();
        for (Level level : Level.values()) {
            items.put(level, sharedItem(owner, "Matrix_" + level + "_" + suffix, level, groupId));
        }

        List<String> wrong = new ArrayList<>();
        for (Who who : Who.values()) {
            RestClient client = clients.get(who);
            List<Long> listed = listedIds(client);
            for (Level level : Level.values()) {
                long id = items.get(level);
                for (Action action : Action.values()) {
                    int want = expected(who, level, action);
                    int got = switch (action) {
                        case VIEW -> client.get("/api/items/" + id).status();
                        case SEARCH -> listed.contains(id) ? 200 : 404;
                        case DOWNLOAD -> client.get("/api/items/" + id + "/versions/1/package").status();
                        case THUMBNAIL -> client.get("/api/items/" + id + "/thumbnail").status();
                        case EDIT -> client.patchJson("/api/items/" + id,
                                "{\"summary\": \"edited by " + who + "\"}").status();
                        case SHARE -> client.putJson("/api/items/" + id + "/sharing",
                                "{\"sharing\": \"" + level + "\", \"groups\": [" + groupId + "]}").status();
                        case DELETE -> client.delete("/api/items/" + (want == 204
                                // allowed: delete a copy shared the same way, so the matrix keeps its items
                                ? sharedItem(owner, "Matrix_Copy_" + level + "_" + suffix, level, groupId) : id))
                                .status();
                        case RUN -> client.postJson("/api/runs", "{\"item\": " + id
                                + ", \"tool\": \"classify_pixels\", \"rasters\": []}").status();
                    };
                    if (got != want) {
                        wrong.add(who + " × " + level + " × " + action + ": expected " + want + ", got " + got);
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " cells of the matrix are wrong:\n" + String.join("\n", wrong));

        // The items are intact: no refused request changed anything, and the owner still sees all four.
        for (Level level : Level.values()) {
            JsonNode item = owner.get("/api/items/" + items.get(level)).json();
            assertEquals(level.name(), item.get("sharing").asText());
        }
    }

    @Test
    void aPrivateItemIsIndistinguishableFromOneThatDoesNotExist(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String name = "snoop-" + UUID.randomUUID().toString().substring(0, 8);
        RestClient snoop = admin.createAccount(name, PASSWORD, "publisher");
        long secret = sharedItem(admin, "Secret_" + name, Level.PRIVATE, null);
        long missing = secret + 100_000;

        for (String path : List.of("", "/versions", "/versions/1", "/versions/1/package", "/thumbnail")) {
            var hidden = snoop.get("/api/items/" + secret + path);
            var absent = snoop.get("/api/items/" + missing + path);
            assertEquals(404, hidden.status(), path);
            assertEquals(absent.status(), hidden.status(), path);
            assertEquals(absent.body().replace(Long.toString(missing), "ID"),
                    hidden.body().replace(Long.toString(secret), "ID"), "same answer for " + path);
        }
        assertFalse(listedIds(snoop).contains(secret));
        assertFalse(listedIds(RestClient.anonymous(portal)).contains(secret));
    }

    @Test
    void imageryAndRunsOfOthersDoNotExistForAnyoneButTheirOwnerAndAdministrators(PortalServer portal)
            throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        RestClient ana = admin.createAccount("ana-" + suffix, PASSWORD, "publisher");
        RestClient ben = admin.createAccount("ben-" + suffix, PASSWORD, "publisher");
        org.rasterhub.runner.raster.Gdal.init();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("ana-", ".tif");
        org.rasterhub.runner.raster.GeoTiffs.write(file, org.rasterhub.runner.raster.FloatBands.zeros(32, 32, 3),
                org.rasterhub.runner.raster.GeoTransform.northUp(500_000, 5_800_000, 10, 10), 32633);
        var raster = ana.upload("/api/rasters", "ana.tif", java.nio.file.Files.readAllBytes(file));
        java.nio.file.Files.delete(file);
        assertEquals(201, raster.status(), raster.body());
        long rasterId = raster.json().get("id").asLong();

        assertEquals(200, ana.get("/api/rasters/" + rasterId).status());
        assertEquals(200, admin.get("/api/rasters/" + rasterId).status());
        assertEquals(404, ben.get("/api/rasters/" + rasterId).status());
        assertEquals(404, RestClient.anonymous(portal).get("/api/rasters/" + rasterId).status());
        assertEquals(401, RestClient.anonymous(portal).get("/api/imagery-folders").status());

        long item = sharedItem(admin, "Public_For_Runs_" + suffix, Level.PUBLIC, null);
        var borrowed = ben.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"classify_pixels\", "
                + "\"rasters\": [" + rasterId + "]}");
        assertEquals(404, borrowed.status(), "ben may not run on ana's imagery: " + borrowed.body());
    }

    @Test
    void apiTokensAuthenticateUntilRevokedAndAreStoredOnlyAsHashes(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String name = "tokens-" + UUID.randomUUID().toString().substring(0, 8);
        RestClient basic = admin.createAccount(name, PASSWORD, "user");
        long mine = sharedItem(basic, "Token_Item_" + name, Level.PRIVATE, null);

        var created = basic.postJson("/api/tokens", "{\"name\": \"ci script\", \"days\": 30}");
        assertEquals(201, created.status(), created.body());
        String token = created.json().get("token").asText();
        long tokenId = created.json().get("info").get("id").asLong();
        assertTrue(token.startsWith("rh_") && token.length() > 40, token);

        RestClient bearer = RestClient.withToken(portal, token);
        assertEquals(200, bearer.get("/api/items/" + mine).status());
        assertEquals(name, bearer.get("/api/accounts/me").json().get("username").asText());
        JsonNode listed = basic.get("/api/tokens").json();
        assertEquals(1, listed.size());
        assertFalse(listed.toString().contains(token), "the token is never shown again");
        assertNotNull(listed.get(0).get("lastUsed"));

        // Someone else's token id is as good as absent.
        assertEquals(404, admin.delete("/api/tokens/" + (tokenId + 100_000)).status());
        assertEquals(204, basic.delete("/api/tokens/" + tokenId).status());
        var revoked = bearer.get("/api/items/" + mine);
        assertEquals(401, revoked.status(), "a revoked token is refused, not treated as anonymous");
        assertEquals(401, RestClient.withToken(portal, "rh_made-up-token-that-was-never-issued").get("/api/items")
                .status());
    }

    @Test
    void accountAndSharingRequestsThatMakeNoSenseAreRefusedWithTheFieldNamed(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        var shortPassword = admin.postJson("/api/accounts", "{\"username\": \"x-short\", \"password\": \"123\", "
                + "\"role\": \"user\"}");
        assertEquals(422, shortPassword.status());
        assertTrue(shortPassword.body().contains("password"), shortPassword.body());
        var badRole = admin.postJson("/api/accounts", "{\"username\": \"x-role\", \"password\": \"long-enough-1\", "
                + "\"role\": \"emperor\"}");
        assertEquals(422, badRole.status());
        assertTrue(badRole.body().contains("emperor"), badRole.body());
        var taken = admin.postJson("/api/accounts", "{\"username\": \"admin\", \"password\": \"long-enough-1\", "
                + "\"role\": \"user\"}");
        assertEquals(422, taken.status());
        assertTrue(taken.body().contains("taken"), taken.body());

        long item = sharedItem(admin, "Refusals_" + UUID.randomUUID().toString().substring(0, 8), Level.PRIVATE,
                null);
        var badLevel = admin.putJson("/api/items/" + item + "/sharing", "{\"sharing\": \"everyone\"}");
        assertEquals(422, badLevel.status());
        assertTrue(badLevel.body().contains("everyone"), badLevel.body());
        var noGroup = admin.putJson("/api/items/" + item + "/sharing", "{\"sharing\": \"groups\", \"groups\": [987654]}");
        assertEquals(422, noGroup.status());
        assertTrue(noGroup.body().contains("987654"), noGroup.body());
        var blankTitle = admin.patchJson("/api/items/" + item, "{\"title\": \"  \"}");
        assertEquals(422, blankTitle.status());
        assertTrue(blankTitle.json().get("problems").get(0).get("jsonPath").asText().equals("$.title"),
                blankTitle.body());
        var notAnImage = admin.upload("PUT", "/api/items/" + item + "/thumbnail", "evil.png",
                "<svg onload=alert(1)>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(422, notAnImage.status(), notAnImage.body());
    }

    /** Uploads a package as {@code client} and shares it at a level (with the group, for GROUPS). */
    private static long sharedItem(RestClient client, String title, Level level, Long groupId) throws Exception {
        var created = client.upload(title + ".dlpk", aPackage().bytes());
        assertEquals(201, created.status(), created.body());
        long id = created.json().get("id").asLong();
        assertEquals("PRIVATE", created.json().get("sharing").asText(), "new items are private");
        var shared = client.putJson("/api/items/" + id + "/sharing", "{\"sharing\": \"" + level + "\", \"groups\": "
                + (groupId == null ? "[]" : "[" + groupId + "]") + "}");
        assertEquals(200, shared.status(), shared.body());
        return id;
    }

    @Test
    void ownersAndAdministratorsDeleteItemsAndWhatOnlyTheyUsedGoesWithThem(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String name = "deleter-" + UUID.randomUUID().toString().substring(0, 8);
        RestClient owner = admin.createAccount(name, PASSWORD, "user");
        // A package no other item has, so its blob is used by this item alone.
        var unique = owner.upload("Delete_Me_" + name + ".dlpk",
                aPackage().withFile("notes/only-here.txt", UUID.randomUUID().toString()).bytes());
        assertEquals(201, unique.status(), unique.body());
        long own = unique.json().get("id").asLong();
        String sha = unique.json().get("sha256").asText();
        java.nio.file.Path blob = portal.blob(sha);
        assertTrue(java.nio.file.Files.exists(blob), blob.toString());
        String sharedSha = owner.get("/api/items/" + sharedItem(owner, "Keeps_The_Common_Blob_" + name,
                Level.PRIVATE, null)).json().get("sha256").asText();
        long others = sharedItem(admin, "Admin_Deletes_" + name, Level.PRIVATE, null);

        assertEquals(204, owner.delete("/api/items/" + own).status());
        assertEquals(404, owner.get("/api/items/" + own).status());
        assertEquals(404, owner.delete("/api/items/" + own).status());
        assertFalse(listedIds(owner).contains(own));
        assertEquals(204, admin.delete("/api/items/" + others).status());
        assertEquals(404, admin.get("/api/items/" + others).status());
        awaitGone(blob, "the deleted item's own package blob is gone (at the latest by the next sweep)");
        // The admin's deleted item was made from the same bytes as an item that remains: that blob stays.
        java.nio.file.Path common = portal.blob(sharedSha);
        assertTrue(java.nio.file.Files.exists(common), "a blob another item still uses is kept");
    }

    @Test
    void aDisabledAccountSignsInWithNeitherPasswordNorTokenUntilEnabledAgain(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String name = "leaver-" + UUID.randomUUID().toString().substring(0, 8);
        RestClient basic = admin.createAccount(name, PASSWORD, "publisher");
        long item = sharedItem(basic, "Leavers_Model_" + name, Level.ORGANIZATION, null);
        String token = basic.postJson("/api/tokens", "{\"name\": \"laptop\", \"days\": 30}").json().get("token")
                .asText();
        RestClient bearer = RestClient.withToken(portal, token);
        assertEquals(200, bearer.get("/api/accounts/me").status());

        var disabled = admin.putJson("/api/accounts/" + name, "{\"disabled\": true}");
        assertEquals(200, disabled.status(), disabled.body());
        assertTrue(disabled.json().get("disabled").isTextual(), "when: " + disabled.body());
        assertEquals(401, basic.get("/api/accounts/me").status(), "the password no longer signs in");
        assertEquals(401, bearer.get("/api/accounts/me").status(), "nor do its tokens");
        assertEquals(401, bearer.postJson("/api/tokens", "{\"name\": \"another\", \"days\": 1}").status());
        // What the account owns stays, with its owner, for those it was shared with.
        JsonNode kept = admin.get("/api/items/" + item).json();
        assertEquals(name, kept.get("owner").asText());
        var self = admin.putJson("/api/accounts/admin", "{\"disabled\": true}");
        assertEquals(422, self.status(), self.body());
        assertTrue(self.body().contains("themselves"), self.body());

        var enabled = admin.putJson("/api/accounts/" + name, "{\"disabled\": false}");
        assertEquals(200, enabled.status(), enabled.body());
        assertTrue(enabled.json().get("disabled").isNull(), enabled.body());
        assertEquals(200, basic.get("/api/accounts/me").status());
        assertEquals(200, bearer.get("/api/items/" + item).status(), "its tokens work again");
    }

    @Test
    void aReplacedThumbnailIsDeletedUnlessAnotherItemStillShowsIt(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String name = UUID.randomUUID().toString().substring(0, 8);
        long first = sharedItem(admin, "Thumbnail_First_" + name, Level.PRIVATE, null);
        long second = sharedItem(admin, "Thumbnail_Second_" + name, Level.PRIVATE, null);
        byte[] red = png(0xFF0000, name);
        byte[] blue = png(0x0000FF, name);
        assertEquals(200, admin.upload("PUT", "/api/items/" + first + "/thumbnail", "red.png", red).status());
        assertTrue(java.nio.file.Files.exists(blobOf(portal, red)));

        assertEquals(200, admin.upload("PUT", "/api/items/" + first + "/thumbnail", "blue.png", blue).status());
        awaitGone(blobOf(portal, red), "the replaced image went");
        assertTrue(java.nio.file.Files.exists(blobOf(portal, blue)));

        // The same image on a second item, then replaced on the first: the second still shows it.
        assertEquals(200, admin.upload("PUT", "/api/items/" + second + "/thumbnail", "blue.png", blue).status());
        assertEquals(200, admin.upload("PUT", "/api/items/" + first + "/thumbnail", "red.png", red).status());
        Thread.sleep((PortalServer.BLOB_GRACE_SECONDS + 3) * 1000L);   // past the grace and a sweep
        assertTrue(java.nio.file.Files.exists(blobOf(portal, blue)), "still the second item's thumbnail");
        assertTrue(java.util.Arrays.equals(blue, admin.download("/api/items/" + second + "/thumbnail", 200)));
    }

    /** A small PNG of one colour, made unique to this test run by a pixel per character of {@code salt}. */
    private static byte[] png(int rgb, String salt) throws java.io.IOException {
        var image = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 16; x++) {
            for (int y = 0; y < 16; y++) {
                image.setRGB(x, y, rgb);
            }
        }
        for (int i = 0; i < salt.length(); i++) {
            image.setRGB(i % 16, 15, salt.charAt(i));
        }
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void aBlobNothingNamesIsSweptOnceItIsOlderThanTheGracePeriodAndAYoungOneIsSpared(PortalServer portal)
            throws Exception {
        // What a run whose final commit failed leaves: stored outputs no row names.
        byte[] orphan = ("orphan output " + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.file.Path old = blobOf(portal, orphan);
        java.nio.file.Files.createDirectories(old.getParent());
        java.nio.file.Files.write(old, orphan);
        java.nio.file.Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minusSeconds(3600)));
        byte[] young = ("young output " + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.file.Path fresh = blobOf(portal, young);
        java.nio.file.Files.createDirectories(fresh.getParent());
        java.nio.file.Files.write(fresh, young);
        java.nio.file.Files.setLastModifiedTime(fresh, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().plusSeconds(3600)));   // stays young for the whole test

        awaitGone(old, "an unnamed blob past the grace period is swept");
        assertTrue(java.nio.file.Files.exists(fresh), "a young blob is spared");
        java.nio.file.Files.delete(fresh);
    }

    private static void awaitGone(java.nio.file.Path blob, String why) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (java.nio.file.Files.exists(blob) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(java.nio.file.Files.exists(blob), why);
    }

    private static java.nio.file.Path blobOf(PortalServer portal, byte[] bytes) throws Exception {
        return portal.blob(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(bytes)));
    }


    /** Ids of the items the client finds in the catalog listing (an array, or a page with "items"). */
    private static List<Long> listedIds(RestClient client) throws Exception {
        var response = client.get("/api/items?size=100&sort=modified");
        assertEquals(200, response.status(), response.body());
        JsonNode body = response.json();
        JsonNode items = body.isArray() ? body : body.get("items");
        List<Long> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }
}
