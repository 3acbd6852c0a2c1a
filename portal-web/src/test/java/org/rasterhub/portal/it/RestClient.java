package org.rasterhub.portal.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** A plain HTTP client for the portal's REST API, speaking JSON and multipart like curl does. */
final class RestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PortalServer server;
    // HTTP/1.1: Java's default asks for an h2c upgrade, and Grizzly's h2c deadlocks two listener threads
    // when a client gives up on a stream mid-response (docs/security.md). Browsers never use h2c.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization;

    RestClient(PortalServer server, String user, String password) {
        this(server, user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private RestClient(PortalServer server, String authorization) {
        this.server = server;
        this.authorization = authorization;
    }

    /** A client that sends a personal API token as {@code Authorization: Bearer}. */
    static RestClient withToken(PortalServer server, String token) {
        return new RestClient(server, "Bearer " + token);
    }

    /**
     * Creates an account through {@code POST /api/accounts} (this client must be an administrator's)
     * and returns a client signed in as it with HTTP Basic.
     */
    RestClient createAccount(String username, String password, String role) throws IOException, InterruptedException {
        Response created = postJson("/api/accounts", """
                {"username": "%s", "password": "%s", "role": "%s"}""".formatted(username, password, role));
        if (created.status() != 201) {
            throw new AssertionError("account " + username + " was not created: " + created.status() + " "
                    + created.body());
        }
        return new RestClient(server, username, password);
    }

    static RestClient anonymous(PortalServer server) {
        return new RestClient(server, (String) null);
    }

    static RestClient asAdmin(PortalServer server) {
        return new RestClient(server, "admin", PortalServer.ADMIN_PASSWORD);
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Response upload(String fileName, byte[] content) throws IOException, InterruptedException {
        return upload("/api/items", fileName, content);
    }

    Response postJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response putJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response patchJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    byte[] download(String path, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError("expected " + expectedStatus + " from " + path + " but got "
                    + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    Response upload(String path, String fileName, byte[] content) throws IOException, InterruptedException {
        return upload("POST", path, fileName, content);
    }

    /** Sends a file as the multipart field {@code file} with this method (POST or PUT). */
    Response upload(String method, String path, String fileName, byte[] content)
            throws IOException, InterruptedException {
        return upload(method, path, java.util.Map.of(), fileName, content);
    }

    /** Sends text fields, then a file as the multipart field {@code file}. */
    Response upload(String method, String path, java.util.Map<String, String> fields, String fileName, byte[] content)
            throws IOException, InterruptedException {
        String boundary = "rasterhub-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Location").orElse(null), response.body());
    }

    record Response(int status, String contentType, String location, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }
}
