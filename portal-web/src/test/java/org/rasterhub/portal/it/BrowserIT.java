package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.testing.TestPackages;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/** Whole user flows in headless Chromium against the real portal. */
@ExtendWith(PortalExtension.class)
@ExtendWith(ScreenshotOnFailure.class)
class BrowserIT {
    @TempDir Path tmp;
    Browser browser;
    PortalPages pages;
    PortalServer portal;

    @BeforeEach
    void openBrowser(PortalServer portal) throws Exception {
        this.portal = portal;
        browser = new Browser();
        pages = new PortalPages(browser, portal);
        ScreenshotOnFailure.watch(browser);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void adminSignsInUploadsAPackageAndFindsItInTheCatalog(TestInfo test) throws Exception {
        Path dlpk = aPackage().withFile("ModelCharacteristics/loss_graph.png", new byte[2048])
                .build(tmp.resolve("Browser_Land_Cover.dlpk"));

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(dlpk);

        assertEquals("Browser_Land_Cover", pages.itemTitle());
        assertEquals("ImageClassification", pages.fact("Model type"));
        assertEquals("Onnx", pages.fact("Framework"));
        assertEquals("land_cover.onnx", pages.fact("Model file"));
        assertEquals(List.of("0 · Water", "1 · Forest", "2 · Built-up"), pages.itemClasses());
        String files = pages.itemFiles();
        assertTrue(files.contains("land_cover.emd") && files.contains("ModelCharacteristics/loss_graph.png"), files);
        browser.save("item-page", false);

        String catalog = pages.catalog();
        assertTrue(catalog.contains("Browser_Land_Cover"), catalog);
        assertTrue(catalog.contains("ImageClassification"), catalog);
        Path screenshot = browser.save("catalog", false);
        assertTrue(Files.size(screenshot) > 10_000, "the screenshot shows a rendered page");
    }

    @Test
    void theOwnerUploadsASecondVersionAndPointsAnAliasAtTheFirst() throws Exception {
        Path first = aPackage().build(tmp.resolve("Versioned_Trees.dlpk"));
        Path second = aPackage().withFile("CHANGELOG.txt", "v2").build(tmp.resolve("Versioned_Trees_v2.dlpk"));

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(first);
        assertEquals("Versioned_Trees", pages.itemTitle());
        pages.uploadNewVersion(second);
        browser.wait.until(d -> pages.subtitle().contains("version 2 (latest)"));

        pages.pointAlias("production", 1);
        browser.wait.until(d -> pages.versions().contains("production"));
        String versions = pages.versions();
        assertTrue(versions.contains("v1") && versions.contains("v2"), versions);
        assertTrue(versions.indexOf("production") < versions.indexOf("v2"), "the alias sits on v1: " + versions);
        browser.save("item-versions", false);
    }

    @Test
    void aUserRunsClassifyPixelsFromTheItemPageAndWatchesItFinish() throws Exception {
        String emd = TestPackages.LAND_COVER_EMD.replace("\"ImageHeight\": 256", "\"ImageHeight\": 64")
                .replace("\"ImageWidth\": 256", "\"ImageWidth\": 64");
        Path dlpk = aPackage().withEmd(emd).withFile("land_cover.onnx", TinyOnnxModels.brightestBandWins(3))
                .build(tmp.resolve("Browser_Run.dlpk"));
        Path raster = tmp.resolve("scene.tif");
        FloatBands pixels = FloatBands.zeros(90, 70, 3);
        for (int row = 0; row < 70; row++) {
            for (int col = 0; col < 90; col++) {
                pixels.set(col < 30 ? 0 : col < 60 ? 1 : 2, row, col, 200);
            }
        }
        GeoTiffs.write(raster, pixels, GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(dlpk);
        assertEquals("Browser_Run", pages.itemTitle());
        pages.runModelOn(raster);

        String outcome = pages.awaitRunStatus("SUCCEEDED");
        assertTrue(outcome.startsWith("SUCCEEDED") && outcome.contains("Download the classified GeoTIFF"), outcome);
        browser.save("run-finished", false);
    }

    @Test
    void detectObjectsShowsItsFilesAndALegendWithCountsPerClass() throws Exception {
        String emd = TestEmds.SQUARES;
        Path dlpk = aPackage().withEmd(emd).withFile("squares.onnx", TinyDetectionModels.squareDetector(2, 64, 12, 20,
                1, TinyDetectionModels.Outputs.FLOAT_CLASSES)).build(tmp.resolve("Browser_Squares.dlpk"));
        FloatBands pixels = FloatBands.zeros(120, 100, 2);
        int[][] squares = {{10, 10, 1}, {60, 30, 1}, {30, 70, 2}};
        for (int[] square : squares) {
            for (int row = square[1]; row < square[1] + 12; row++) {
                for (int col = square[0]; col < square[0] + 12; col++) {
                    pixels.set(square[2] - 1, row, col, 1f);
                }
            }
        }
        Path raster = tmp.resolve("harbour.tif");
        GeoTiffs.write(raster, pixels, GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(dlpk);
        pages.runModelOn(raster);

        String outcome = pages.awaitRunStatus("SUCCEEDED");
        assertTrue(outcome.startsWith("SUCCEEDED"), outcome);
        String outputs = pages.runOutputs();
        assertTrue(outputs.contains("Download the detected objects (GeoPackage)")
                && outputs.contains("Download the detected objects (GeoJSON)") && outputs.contains("3 features"), outputs);
        assertEquals(List.of("1 Car · 2", "2 Boat · 1"), pages.runLegend());
        // Where the time went: 120 × 100 pixels of 10 m cover 1.2 km².
        String rates = pages.runRates();
        assertTrue(rates.contains("tiles/s") && rates.contains("(1.200 km²)") && rates.contains("CPU"), rates);
        List<String> stages = pages.runStages();
        assertEquals(7, stages.size(), stages.toString());
        assertTrue(stages.stream().anyMatch(stage -> stage.startsWith("Model")), stages.toString());
        browser.save("detect-objects-finished", false);
    }

    @Test
    void detectChangeOnTwoServerFilesShowsTheTransitionsInTheLegend() throws Exception {
        String emd = TestPackages.LAND_COVER_EMD.replace("\"ImageHeight\": 256", "\"ImageHeight\": 32")
                .replace("\"ImageWidth\": 256", "\"ImageWidth\": 32");
        Path dlpk = aPackage().withEmd(emd).withFile("land_cover.onnx", TinyOnnxModels.brightestBandWins(3))
                .build(tmp.resolve("Browser_Change.dlpk"));
        Path folder = Files.createDirectories(portal.imageryFolder().resolve("valley"));
        for (String year : new String[] {"2024", "2025"}) {
            FloatBands pixels = FloatBands.zeros(60, 40, 3);
            for (int row = 0; row < 40; row++) {
                for (int col = 0; col < 60; col++) {
                    pixels.set(year.equals("2025") && row < 10 ? 2 : 0, row, col, 200);
                }
            }
            GeoTiffs.write(folder.resolve(year + ".tif"), pixels, GeoTransform.northUp(500_000, 4_200_000, 10, 10),
                    32633);
        }

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(dlpk);
        pages.chooseTool("Detect Change");
        pages.useServerFile("valley/2024.tif");
        pages.useServerFile("valley/2025.tif");
        pages.submitRun();

        String outcome = pages.awaitRunStatus("SUCCEEDED");
        assertTrue(outcome.contains("Download the change GeoTIFF (COG)"), outcome);
        List<String> legend = pages.runLegend();
        assertTrue(legend.contains("0 No change"), legend.toString());
        assertTrue(legend.stream().anyMatch(entry -> entry.endsWith("Water → Built-up")), legend.toString());
        browser.save("detect-change-finished", false);
    }

    @Test
    void theRunFormSaysUpFrontWhyAPickledModelCannotRunAndHowToConvertIt() throws Exception {
        String emd = TestPackages.LAND_COVER_EMD.replace("land_cover.onnx", "land_cover.pth");
        // A harmless pickle (an empty dict): stored inert, labelled, never loaded.
        byte[] pickle = {(byte) 0x80, 0x02, '}', 'q', 0x00, '.'};
        Path dlpk = aPackage().withEmd(emd).withFile("land_cover.pth", pickle).build(tmp.resolve("Pickled.dlpk"));

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(dlpk);
        assertEquals("Pickled", pages.itemTitle());
        String cannot = pages.whyTheModelCannotRun();
        assertTrue(cannot.startsWith("This model cannot run here: land_cover.pth:") && cannot.contains("torch.onnx.export"),
                cannot);
        browser.save("run-form-pickle", false);
    }

    @Test
    void aBareOnnxShowsItsGeneratedDefinitionWhichTheUserEditsAndConfirms() throws Exception {
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put("model_type", "Segmentor");
        meta.put("class_names", "{\"0\": \"land\", \"1\": \"water\"}");
        meta.put("tiles_size", "64");
        Path onnx = TinyOnnxModels.write(tmp.resolve("Browser_Shoreline.onnx"),
                TinyOnnxModels.binaryWithMetadata(3, 64, 0.5f, meta));

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(onnx);
        org.openqa.selenium.WebElement emd = browser.wait.until(
                org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
                        org.openqa.selenium.By.cssSelector("#definition-emd textarea")));
        assertTrue(emd.getAttribute("value").contains("\"ModelConfiguration\" : \"Deepness\""),
                emd.getAttribute("value"));
        browser.save("onnx-definition", false);
        String edited = emd.getAttribute("value").replace("\"water\"", "\"Open water\"");
        emd.clear();
        emd.sendKeys(edited);
        browser.driver.findElement(org.openqa.selenium.By.id("definition-confirm")).click();

        assertEquals("Browser_Shoreline", pages.itemTitle());
        assertEquals("Deepness", pages.fact("Model configuration"));
        assertEquals(List.of("0 · land", "1 · Open water"), pages.itemClasses());
    }

    @Test
    void aBrokenPackageIsRefusedInTheFormWithItsProblems() throws Exception {
        Path broken = aPackage().withEmd("{\n  \"ModelType\": 7\n}").build(tmp.resolve("broken.dlpk"));

        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(broken);

        String problems = pages.uploadProblems();
        assertTrue(problems.contains("land_cover.emd at /ModelType (line 2, column 16): expected a non-empty "
                + "string, found 7"), problems);
        browser.save("upload-refused", false);
    }
}
