package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The model characteristics a package carries, through the REST API of the real portal: listed and
 * served only to callers who may view the item, images only once they decoded. The item page that
 * shows them is checked in {@link ItemPageIT}.
 */
@ExtendWith(PortalExtension.class)
class ModelCharacteristicsIT {
    @Test
    void theApiListsImagesMetricsAndPerClassTablesOfAVersion(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long id = api.upload("Characteristics_Listed.dlpk", CharacteristicsPackages.withCharacteristics().bytes())
                .json().get("id").asLong();

        var listed = api.get("/api/items/" + id + "/versions/1/characteristics");

        assertEquals(200, listed.status(), listed.body());
        JsonNode body = listed.json();
        assertEquals(List.of("ModelCharacteristics/loss_graph.png", "ModelCharacteristics/show_results.png",
                "ModelCharacteristics/confusion_matrix.png"), body.get("images").findValuesAsText("path"));
        JsonNode loss = body.get("images").get(0);
        assertEquals("image/png", loss.get("mediaType").asText());
        assertEquals("/api/items/" + id + "/versions/1/characteristics/images/0", loss.get("href").asText());
        List<String> metrics = new ArrayList<>();
        body.get("metrics").forEach(m -> metrics.add(m.get("source").asText() + ": " + m.get("name").asText() + "="
                + m.get("value").asText()));
        assertEquals(List.of("ModelCharacteristics/metrics.html: accuracy=0.9375",
                "ModelCharacteristics/metrics.html: Kappa=0.8125",
                "ModelCharacteristics/metrics.html: note=" + CharacteristicsPackages.ESCAPED_MARKUP,
                "model_metrics.html: Backbone=resnet34", "model_metrics.html: Learning rate=0.0003",
                "land_cover.emd: accuracy=0.91", "land_cover.emd: mIoU=0.66"), metrics);
        JsonNode perClass = body.get("tables").get(0);
        assertEquals("[\"class\",\"precision\",\"recall\",\"f1\"]", perClass.get("columns").toString());
        assertEquals("[\"Water\",\"0.97\",\"0.95\",\"0.96\"]", perClass.get("rows").get(0).toString());
        assertFalse(listed.body().contains("pwned='script"), "no script text is ever returned: " + listed.body());

        // An alias names the same version; hrefs carry its number, which never changes.
        api.putJson("/api/items/" + id + "/aliases/production", "{\"version\": 1}");
        assertEquals(loss.get("href").asText(), api.get("/api/items/" + id + "/versions/production/characteristics")
                .json().get("images").get(0).get("href").asText());
    }

    @Test
    void anImageIsServedAsThePngItDecodedAsWithHeadersThatKeepItAnImage(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        byte[] dlpk = CharacteristicsPackages.withCharacteristics().bytes();
        long id = api.upload("Characteristics_Served.dlpk", dlpk).json().get("id").asLong();
        String href = api.get("/api/items/" + id + "/versions/1/characteristics").json()
                .get("images").get(0).get("href").asText();

        HttpResponse<byte[]> image = fetch(portal, href, true);

        assertEquals(200, image.statusCode());
        assertEquals("image/png", image.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", image.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("default-src 'none'", image.headers().firstValue("Content-Security-Policy").orElse(""));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertNotNull(decoded, "the body decodes as an image");
        assertEquals(CharacteristicsPackages.LOSS_GRAPH_WIDTH, decoded.getWidth());
        assertEquals(CharacteristicsPackages.LOSS_GRAPH_HEIGHT, decoded.getHeight());
        String sha256 = api.get("/api/items/" + id + "/versions/1/characteristics").json()
                .get("images").get(0).get("sha256").asText();
        assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image.body())),
                "the stored bytes, unchanged");

        assertEquals(404, fetch(portal, "/api/items/" + id + "/versions/1/characteristics/images/3", true)
                .statusCode(), "there are three images");
        assertEquals(404, fetch(portal, "/api/items/" + id + "/versions/1/characteristics/images/-1", true)
                .statusCode());
        assertEquals(404, fetch(portal, "/api/items/" + id + "/versions/9/characteristics", true).statusCode());
    }

    @Test
    void aCallerWhoCannotViewTheItemGets404UntilItIsShared(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        long id = admin.upload("Characteristics_Private.dlpk", CharacteristicsPackages.withCharacteristics().bytes())
                .json().get("id").asLong();
        RestClient anonymous = new RestClient(portal, null, null);
        String list = "/api/items/" + id + "/versions/1/characteristics";

        var hidden = anonymous.get(list);
        assertEquals(404, hidden.status(), hidden.body());
        assertEquals("not_found", hidden.json().get("error").asText());
        assertEquals(404, fetch(portal, list + "/images/0", false).statusCode());

        assertEquals(200, admin.putJson("/api/items/" + id + "/sharing", "{\"sharing\": \"public\"}").status());
        assertEquals(200, anonymous.get(list).status());
        assertEquals(200, fetch(portal, list + "/images/0", false).statusCode());
    }

    @Test
    void htmlNamedLikeAnImageIsRefusedWith422AndNeverServed(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long id = api.upload("Characteristics_Polyglot.dlpk", CharacteristicsPackages.withHtmlNamedPng().bytes())
                .json().get("id").asLong();

        HttpResponse<byte[]> refused = fetch(portal, "/api/items/" + id + "/versions/1/characteristics/images/0", true);

        assertEquals(422, refused.statusCode());
        assertEquals("application/json", refused.headers().firstValue("Content-Type").orElse(""));
        JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(refused.body());
        assertEquals("not_an_image", error.get("error").asText());
        assertEquals("ModelCharacteristics/show_results.png: not a PNG or JPEG image (judged by its first bytes); "
                + "it is not served", error.get("message").asText());
        assertEquals("ModelCharacteristics/show_results.png", error.get("problems").get(0).get("file").asText());
        assertFalse(new String(refused.body(), StandardCharsets.UTF_8).contains("pwned"));
    }

    /** A GET that keeps the bytes and headers; as the administrator or anonymously. */
    private static HttpResponse<byte[]> fetch(PortalServer portal, String path, boolean asAdmin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(portal.uri(path)).timeout(Duration.ofSeconds(60)).GET();
        if (asAdmin) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + PortalServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
