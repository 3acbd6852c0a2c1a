package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.rasterhub.core.testing.TestPackages;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/** The item page in headless Chromium: what a model user reads before running a model. */
@ExtendWith(PortalExtension.class)
@ExtendWith(ScreenshotOnFailure.class)
class ItemPageIT {
    @TempDir Path tmp;
    Browser browser;
    PortalPages pages;

    @BeforeEach
    void openBrowser(PortalServer portal) throws Exception {
        browser = new Browser();
        pages = new PortalPages(browser, portal);
        ScreenshotOnFailure.watch(browser);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void theModelCharacteristicsImagesAreShownAndTheMetricsAreTextWithNothingOfThePackageRunning() throws Exception {
        Path dlpk = CharacteristicsPackages.withCharacteristics().build(tmp.resolve("Characteristics_Page.dlpk"));
        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(dlpk);
        assertEquals("Characteristics_Page", pages.itemTitle());

        List<WebElement> images = browser.wait.until(d -> {
            List<WebElement> shown = d.findElements(By.cssSelector("#item-characteristics img.characteristics-image"));
            return shown.size() == 3 && shown.stream().allMatch(i -> "true".equals(i.getDomProperty("complete")))
                    ? shown : null;
        });
        for (WebElement image : images) {
            assertTrue(naturalWidth(image) > 0, image.getDomAttribute("src") + " is displayed");
        }
        assertEquals(CharacteristicsPackages.LOSS_GRAPH_WIDTH, naturalWidth(images.get(0)));

        String metrics = browser.driver.findElement(By.id("item-metrics")).getText();
        assertTrue(metrics.contains("accuracy") && metrics.contains("0.9375"), metrics);
        assertTrue(metrics.contains(CharacteristicsPackages.ESCAPED_MARKUP), "markup shown as text: " + metrics);
        String perClass = browser.driver.findElement(By.cssSelector("#item-characteristics .item-metrics-table"))
                .getText();
        assertTrue(perClass.contains("Forest") && perClass.contains("0.91"), perClass);

        assertEquals("undefined", script("return typeof window.pwned"), "nothing of metrics.html ran");
        assertEquals(0L, script("return document.querySelectorAll('#item-characteristics iframe,"
                + " #item-characteristics script, #item-characteristics svg, #item-characteristics a,"
                + " #item-characteristics img:not(.characteristics-image)').length"));
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView()",
                browser.driver.findElement(By.id("item-characteristics")));
        browser.save("item-characteristics", false);
    }

    @Test
    void anHtmlPageNamedLikeAnImageIsNotShownAndDoesNotRun() throws Exception {
        Path dlpk = CharacteristicsPackages.withHtmlNamedPng().build(tmp.resolve("Polyglot_Page.dlpk"));
        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(dlpk);
        assertEquals("Polyglot_Page", pages.itemTitle());

        WebElement refused = browser.wait.until(d -> d.findElement(
                By.cssSelector("#item-characteristics .characteristics-refused")));
        assertEquals("⚠ not shown: not a PNG or JPEG image that decodes", refused.getText());
        assertTrue(browser.driver.findElements(By.cssSelector("#item-characteristics img")).isEmpty());
        assertEquals("undefined", script("return typeof window.pwned"));
    }

    @Test
    void theModelFilesOwnInputAndOutputAreShownAsTheRunWillReadThem(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long id = api.upload("Contract_Page.dlpk", TestPackages.aPackage()
                .withFile("land_cover.onnx", TinyOnnxModels.binaryWithMetadata(3, 256, java.util.Map.of()))
                .bytes()).json().get("id").asLong();
        long fake = api.upload("No_Graph.dlpk", TestPackages.aPackage().bytes()).json().get("id").asLong();

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        browser.driver.get(portal.uri("/items/" + id).toString());
        assertEquals("Contract_Page", pages.itemTitle());

        assertEquals(200, api.get("/api/items/" + id + "/versions/1/model").status());
        assertEquals("image: float [1, 3, 256, 256] · bands first (NCHW), batch fixed at 1", pages.fact("Model input"));
        assertEquals("classes: float [1, 1, 256, 256] · a binary probability (class 1 from 0.5) for the whole tile"
                + " (tile 256, padding 64)", pages.fact("Model output"));
        var refused = api.get("/api/items/" + fake + "/versions/1/model");
        assertEquals(422, refused.status(), refused.body());
        assertEquals("no_model_facts", refused.json().get("error").asText());
    }

    @Test
    void theFactsAThumbnailAndWhoTheItemIsSharedWithAreShown(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long id = api.upload("Facts_Page.dlpk", CharacteristicsPackages.withCharacteristics().bytes())
                .json().get("id").asLong();
        patch(portal, "/api/items/" + id, """
                {"summary": "Land cover for <b>Sentinel-2</b>", "description": "Trained on 2024 scenes.",
                 "tags": ["landcover", "sentinel-2"]}""");
        api.putJson("/api/items/" + id + "/sharing", "{\"sharing\": \"public\"}");

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        browser.driver.get(portal.uri("/items/" + id).toString());
        assertEquals("Facts_Page", pages.itemTitle());

        assertEquals("0, 1, 2 (3 bands)", pages.fact("Input bands"));
        assertEquals("256 × 256 pixels (height × width)", pages.fact("Image size"));
        assertEquals("0.5 × 0.5 (EPSG:32633)", pages.fact("Minimum cell size"));
        JsonNode modelFile = null;
        for (JsonNode file : api.get("/api/items/" + id).json().get("files")) {
            modelFile = file.get("path").asText().equals("land_cover.onnx") ? file : modelFile;
        }
        assertEquals((modelFile.get("runnable").asBoolean() ? "yes: " : "no: ") + modelFile.get("assessment").asText(),
                pages.fact("Runs here?"));
        assertEquals("Land cover for <b>Sentinel-2</b>", browser.driver.findElement(By.id("item-summary")).getText());
        assertEquals("Shared: public, anyone may view it", browser.driver.findElement(By.id("item-sharing")).getText());
        assertEquals(List.of("landcover", "sentinel-2"), browser.driver.findElements(By.cssSelector("#item-tags .item-tag"))
                .stream().map(WebElement::getText).toList());
        WebElement thumbnail = browser.driver.findElement(By.id("item-thumbnail"));
        browser.wait.until(d -> "true".equals(thumbnail.getDomProperty("complete")));
        assertTrue(naturalWidth(thumbnail) > 0, "the thumbnail is shown");
        browser.save("item-facts", false);
    }

    @Test
    void theLayersAFinishedRunMadeAreListedWithLinksToTheirMaps(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        String emd = TestPackages.LAND_COVER_EMD.replace("\"ImageHeight\": 256", "\"ImageHeight\": 64")
                .replace("\"ImageWidth\": 256", "\"ImageWidth\": 64");
        long item = api.upload("Layers_Page.dlpk", TestPackages.aPackage().withEmd(emd)
                .withFile("land_cover.onnx", TinyOnnxModels.brightestBandWins(3)).bytes()).json().get("id").asLong();
        Path scene = tmp.resolve("layers_scene.tif");
        GeoTiffs.write(scene, FloatBands.zeros(64, 64, 3), GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);
        long raster = api.upload("/api/rasters", "layers_scene.tif", Files.readAllBytes(scene)).json().get("id").asLong();
        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"raster\": " + raster + "}");
        assertEquals(202, submitted.status(), submitted.body());
        long run = submitted.json().get("id").asLong();
        Instant deadline = Instant.now().plusSeconds(120);
        String status = "";
        while (Instant.now().isBefore(deadline) && !status.equals("SUCCEEDED") && !status.equals("FAILED")) {
            Thread.sleep(500);
            status = api.get("/api/runs/" + run).json().get("status").asText();
        }
        assertEquals("SUCCEEDED", status);

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        browser.driver.get(portal.uri("/items/" + item).toString());
        assertEquals("Layers_Page", pages.itemTitle());
        WebElement layer = browser.wait.until(d -> d.findElement(By.cssSelector("#item-layers .item-layer")));
        assertTrue(layer.getText().contains("Classify Pixels, run " + run), layer.getText());
        JsonNode made = api.get("/api/layers?run=" + run).json();
        long layerId = made.get(0).get("id").asLong();
        assertTrue(layer.getText().startsWith(made.get(0).get("title").asText()), layer.getText());
        String map = layer.findElement(By.cssSelector("a.item-layer-map")).getDomProperty("href");
        assertTrue(map.endsWith("/layers/" + layerId + "/map"), map);
    }

    private static void patch(PortalServer portal, String path, String json) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(portal.uri(path))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("admin:" + PortalServer.ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private Object script(String javascript) {
        return ((JavascriptExecutor) browser.driver).executeScript(javascript);
    }

    private long naturalWidth(WebElement image) {
        return ((Number) ((JavascriptExecutor) browser.driver).executeScript("return arguments[0].naturalWidth", image))
                .longValue();
    }
}
