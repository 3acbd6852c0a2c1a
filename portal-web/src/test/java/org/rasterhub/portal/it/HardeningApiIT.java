package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/** What the outside review found at the API's edges: existence leaks, 500s, headers, aborted uploads. */
@ExtendWith(PortalExtension.class)
class HardeningApiIT {
    private static final String PASSWORD = "hardening-password-1";

    @TempDir Path tmp;

    @Test
    void cancelAndRetryOfAnotherUsersRunAnswer404WithoutNamingTheOwner(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String owner = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        RestClient alice = admin.createAccount(owner, PASSWORD, "publisher");
        RestClient bob = admin.createAccount("other-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD,
                "publisher");
        long item = alice.upload("Brightest.dlpk", aPackage().withEmd(TestEmds.brightestBand(32))
                .withFile("brightest.onnx", TinyOnnxModels.brightestBandWins(3)).bytes()).json().get("id").asLong();
        Path scene = tmp.resolve("scene.tif");
        GeoTiffs.write(scene, FloatBands.zeros(40, 40, 3), GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);
        long raster = alice.upload("/api/rasters", "scene.tif", Files.readAllBytes(scene)).json().get("id").asLong();
        var run = alice.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + raster + "]}");
        assertEquals(202, run.status(), run.body());
        long id = run.json().get("id").asLong();

        for (String action : List.of("cancel", "retry")) {
            var answer = bob.postJson("/api/runs/" + id + "/" + action, "{}");
            assertEquals(404, answer.status(), action + ": " + answer.body());
            assertFalse(answer.body().contains(owner), "the owner is not named: " + answer.body());
            assertEquals(bob.postJson("/api/runs/999999999/" + action, "{}").json().get("error").asText(),
                    answer.json().get("error").asText(), "the same as a run that never existed");
        }
    }

    @Test
    void zeroNegativeAndNullIdsInARunRequestAre422(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        for (String body : List.of("{\"item\": 0, \"rasters\": [1]}", "{\"item\": -3, \"rasters\": [1]}",
                "{\"item\": 1, \"rasters\": [null]}", "{\"item\": 1, \"rasters\": [1], \"features\": 0}")) {
            var answer = admin.postJson("/api/runs", body);
            assertEquals(422, answer.status(), body + " -> " + answer.body());
            assertEquals("invalid_id", answer.json().get("error").asText(), answer.body());
        }
    }

    @Test
    void aRunWhoseBatchCannotFitInMemoryIsRefusedAtSubmissionWithTheFigure(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        long item = admin.upload("Brightest.dlpk", aPackage().withEmd(TestEmds.brightestBand(32))
                .withFile("brightest.onnx", TinyOnnxModels.brightestBandWins(3)).bytes()).json().get("id").asLong();
        Path scene = tmp.resolve("scene.tif");
        GeoTiffs.write(scene, FloatBands.zeros(40, 40, 3), GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);
        long raster = admin.upload("/api/rasters", "scene.tif", Files.readAllBytes(scene)).json().get("id").asLong();

        var refused = admin.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + raster
                + "], \"arguments\": {\"tileSize\": 4096, \"padding\": 0, \"batchSize\": 64}}");

        assertEquals(422, refused.status(), refused.body());
        assertTrue(refused.body().contains("need about 48.0 GiB per batch"), refused.body());
    }

    @Test
    void pagesAndApiAnswersCarryTheSecurityHeadersAndTheSessionCookieIsSameSite(PortalServer portal)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/", "/login", "/api/health", "/api/items", "/api/items/987654321")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(portal.uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String csp = answer.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), path + ": " + csp);
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("same-origin", answer.headers().firstValue("Referrer-Policy").orElse(""), path);
        }
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(portal.uri("/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElse("");
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
    }

    @Test
    void aClientThatDisconnectsMidUploadIsNotLoggedAsAServerFault(PortalServer portal) throws Exception {
        Path log = PortalServer.WORK.resolve("portal.log");
        long faultsBefore = faults(log);
        String boundary = "rasterhub-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.dlpk\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String authorization = Base64.getEncoder().encodeToString(("admin:" + PortalServer.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket("localhost", portal.uri("/").getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/items HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + authorization
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: 10000000\r\n\r\n" + head).getBytes(StandardCharsets.UTF_8));
            out.write(new byte[200_000]);
            out.flush();
        } // closed with 9.8 MB still to come
        Thread.sleep(3000);
        assertEquals(faultsBefore, faults(log), "no server fault logged; the log's tail:\n" + tail(log));
        assertEquals(200, RestClient.asAdmin(portal).get("/api/accounts/me").status(), "the portal carries on");
    }

    @Test
    void wrongPasswordsAreThrottledWith429AndRetryAfterYetTheOwnerGetsInAfterTheWait(PortalServer portal)
            throws Exception {
        String name = "guessed-" + UUID.randomUUID().toString().substring(0, 8);
        RestClient.asAdmin(portal).createAccount(name, PASSWORD, "user");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> answer = null;
        int attempt = 0;
        while (attempt < 12) {
            attempt++;
            answer = http.send(basic(portal, name, "guess-" + attempt), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 401) {
                break;
            }
        }
        assertEquals(429, answer.statusCode(), answer.body());
        assertTrue(attempt <= 7, "throttled after the free failures, at attempt " + attempt);
        assertTrue(answer.body().contains("too_many_sign_ins"), answer.body());
        long retryAfter = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);

        assertEquals(429, http.send(basic(portal, name, PASSWORD), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "while it waits, even the right password is not checked");
        Thread.sleep(retryAfter * 1000 + 200);
        assertEquals(200, http.send(basic(portal, name, PASSWORD), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "after the wait the owner signs in");
    }

    private static HttpRequest basic(PortalServer portal, String name, String password) {
        return HttpRequest.newBuilder(portal.uri("/api/accounts/me")).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8))).build();
    }

    private static long faults(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.contains("REST request failed") || l.contains("SEVERE"))
                .count();
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
