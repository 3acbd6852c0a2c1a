package org.rasterhub.portal.it;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Page object of the map view: layers, legend, and where a map coordinate lands on the screen. */
final class MapPages {
    private final Browser browser;
    private final PortalServer portal;

    MapPages(Browser browser, PortalServer portal) {
        this.browser = browser;
        this.portal = portal;
    }

    void signIn() {
        new PortalPages(browser, portal).signIn("admin", PortalServer.ADMIN_PASSWORD);
    }

    /** Opens a run's map and waits until the element says its layers were fitted and drawn once. */
    void open(long run) {
        open(run, false);
    }

    /** Opens a run's map; with {@code vectorTiles}, feature outputs are drawn from vector tiles. */
    void open(long run, boolean vectorTiles) {
        browser.driver.get(portal.uri("/runs/" + run + "/map" + (vectorTiles ? "?vectors=tiles" : "")).toString());
        awaitFirstRender();
    }

    private void awaitFirstRender() {
        try {
            new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("rasterhub-map[rendered]")));
        } catch (org.openqa.selenium.TimeoutException e) {
            // Say what the page was waiting for: which requests never finished, what the map reported.
            throw new AssertionError("the map did not finish its first drawing: " + js(
                    "const m = document.querySelector('rasterhub-map');"
                    + " return JSON.stringify({ol: !!window.ol, built: !!(m && m.map), extents: m && m.extents,"
                    + " errors: m && m.errors ? m.errors.textContent : null,"
                    + " requests: performance.getEntriesByType('resource').filter(r => !r.name.includes('VAADIN/build'))"
                    + ".map(r => r.name + ' ' + (r.responseStatus || '') + ' ' + Math.round(r.duration))});"), e);
        }
    }

    /** Opens the run page and follows its "Open on the map" link. */
    /** Opens a result layer's map; with {@code vectorTiles}, a feature layer is drawn from vector tiles. */
    void openLayer(long layer, boolean vectorTiles) {
        browser.driver.get(portal.uri("/layers/" + layer + "/map" + (vectorTiles ? "?vectors=tiles" : "")).toString());
        awaitFirstRender();
    }

    void openFromRunPage(long run) {
        browser.driver.get(portal.uri("/runs/" + run).toString());
        browser.wait.until(ExpectedConditions.elementToBeClickable(By.id("run-open-map"))).click();
        awaitFirstRender();
    }

    /** Moves a layer's opacity slider to {@code percent} and waits until the map has drawn it so. */
    void setOpacity(String layerId, int percent) {
        WebElement slider = browser.driver.findElement(By.id("map-opacity-" + layerId));
        // A range input cannot be typed into: set it and fire the event a user's drag fires.
        js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                slider, Integer.toString(percent));
        browser.wait.until(d -> Math.abs(((Number) js("return arguments[0].layersById[arguments[1]].getOpacity()",
                map(), layerId)).doubleValue() - percent / 100.0) < 1e-6);
        awaitRender();
    }

    /** Moves the date comparison slider to {@code percent} from the left and waits for the drawing. */
    void swipeTo(int percent) {
        WebElement slider = browser.driver.findElement(By.id("map-swipe"));
        js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                slider, Integer.toString(percent));
        browser.wait.until(d -> Math.abs(((Number) js("return arguments[0].swipeFraction", map())).doubleValue()
                - percent / 100.0) < 1e-6);
        awaitRender();
    }

    /** The ids of the layers in the layer list, top first. */
    List<String> layers() {
        return browser.driver.findElements(By.cssSelector(".map-layer")).stream()
                .map(e -> e.getDomAttribute("data-layer")).toList();
    }

    /** Unticks a layer in the layer list and waits until the map has drawn without it. */
    void hide(String layerId) {
        WebElement box = browser.driver.findElement(By.id("map-visible-" + layerId));
        box.click();
        browser.wait.until(d -> Boolean.FALSE.equals(
                js("return arguments[0].layersById[arguments[1]].getVisible()", map(), layerId)));
        awaitRender();
    }

    void awaitRender() {
        ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; const m = arguments[0].map;"
                        + " m.once('rendercomplete', () => done(true)); m.render();", map());
    }

    List<String> legend() {
        return browser.driver.findElements(By.cssSelector("#map-legend .map-legend-entry")).stream()
                .map(WebElement::getText).toList();
    }

    /** Viewport pixel (x, y) where the map draws a WGS84 position. */
    int[] screenPixel(double lon, double lat) {
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) js("const m = arguments[0].map;"
                + " const p = m.getPixelFromCoordinate(ol.proj.fromLonLat([arguments[1], arguments[2]]));"
                + " const r = m.getTargetElement().getBoundingClientRect();"
                + " return [Math.round(r.left + p[0]), Math.round(r.top + p[1])];", map(), lon, lat);
        return new int[] {xy.get(0).intValue(), xy.get(1).intValue()};
    }

    /** A screenshot of the viewport (device pixel ratio 1 in headless Chromium). */
    BufferedImage screenshot() throws IOException {
        return ImageIO.read(new ByteArrayInputStream(
                ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.BYTES)));
    }

    /** Clicks the map at a viewport pixel and returns the popup's text. */
    String clickAndReadPopup(int[] pixel) {
        WebElement map = map();
        var rect = map.getRect();
        // Selenium offsets are from the element's centre.
        new Actions(browser.driver).moveToElement(map, pixel[0] - rect.getX() - rect.getWidth() / 2,
                pixel[1] - rect.getY() - rect.getHeight() / 2).click().perform();
        return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("map-popup"))).getText();
    }

    /** Presses a layer's "Zoom to layer" button and waits until the map has drawn there. */
    void zoomToLayer(String layerId) {
        double before = ((Number) js("return arguments[0].map.getView().getZoom()", map())).doubleValue();
        browser.driver.findElement(By.id("map-zoom-" + layerId)).click();
        // The click goes through the server before the map zooms: wait for the view to change.
        browser.wait.until(d -> ((Number) js("return arguments[0].map.getView().getZoom()", map())).doubleValue()
                != before);
        awaitRender();
    }

    /** The {@code rasterhub-map} element, for scripts that look inside the map. */
    WebElement element() {
        return map();
    }

    private WebElement map() {
        return browser.driver.findElement(By.tagName("rasterhub-map"));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(script, args);
    }
}
