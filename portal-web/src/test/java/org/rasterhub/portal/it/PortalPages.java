package org.rasterhub.portal.it;

import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Page objects for the portal's screens, so tests read as user steps rather than locators. */
final class PortalPages {
    private final Browser browser;
    private final PortalServer portal;

    PortalPages(Browser browser, PortalServer portal) {
        this.browser = browser;
        this.portal = portal;
    }

    /** Signs in and waits for the form to say the credentials were refused. */
    void signInExpectingRefusal(String user, String password) {
        enterCredentials(user, password);
        browser.wait.until(d -> d.findElement(By.cssSelector("vaadin-login-form")).getDomAttribute("error") != null);
    }

    void signIn(String user, String password) {
        enterCredentials(user, password);
        browser.wait.until(ExpectedConditions.textToBe(By.id("signed-in-user"), user));
    }

    private void enterCredentials(String user, String password) {
        browser.driver.get(portal.uri("/login").toString());
        WebElement username = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("vaadin-login-form input[name='username']")));
        username.sendKeys(user);
        WebElement passwordField = browser.driver.findElement(
                By.cssSelector("vaadin-login-form input[name='password']"));
        passwordField.sendKeys(password, Keys.ENTER);
    }

    void uploadPackage(Path file) {
        browser.driver.findElement(By.id("nav-upload")).click();
        WebElement upload = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("package-upload")));
        // vaadin-upload keeps its file input in its shadow root; choosing a file starts the upload.
        WebElement input = upload.getShadowRoot().findElement(By.cssSelector("input[type='file']"));
        input.sendKeys(file.toAbsolutePath().toString());
    }

    void uploadNewVersion(Path file) {
        WebElement upload = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("version-upload")));
        upload.getShadowRoot().findElement(By.cssSelector("input[type='file']"))
                .sendKeys(file.toAbsolutePath().toString());
    }

    void pointAlias(String alias, int version) {
        WebElement name = browser.driver.findElement(By.cssSelector("vaadin-text-field#alias-name > input"));
        name.clear();
        name.sendKeys(alias);
        WebElement number = browser.driver.findElement(By.cssSelector("vaadin-integer-field#alias-version > input"));
        number.sendKeys(Keys.chord(Keys.CONTROL, "a"), Integer.toString(version));
        click(By.id("alias-set"));
    }

    /** Scrolls the element to the middle first: AppLayout scrolls its content, not the window. */
    private void click(By locator) {
        WebElement element = browser.driver.findElement(locator);
        ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                .executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        browser.wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    String subtitle() {
        return browser.driver.findElement(By.id("item-subtitle")).getText();
    }

    String versions() {
        return cellsText("item-versions");
    }

    void runModelOn(Path raster) {
        WebElement upload = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("raster-upload")));
        upload.getShadowRoot().findElement(By.cssSelector("input[type='file']"))
                .sendKeys(raster.toAbsolutePath().toString());
        // The upload's server round trip selects the raster in the collection box.
        browser.wait.until(d -> ((Number) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "return arguments[0].selectedItems.length", d.findElement(By.id("run-rasters")))).intValue() > 0);
        click(By.id("run-submit"));
    }

    String awaitRunStatus(String status) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(120))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("run-status")).getText().equals(status)
                        || d.findElement(By.id("run-status")).getText().equals("FAILED"));
        return browser.driver.findElement(By.id("run-status")).getText() + " "
                + browser.driver.findElement(By.id("run-outcome")).getText();
    }

    void chooseTool(String label) {
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-tool")));
        click(By.id("run-tool"));
        WebElement option = browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-select-item")).stream()
                .filter(e -> e.isDisplayed() && e.getText().equals(label)).findFirst().orElse(null));
        option.click();
        browser.wait.until(d -> d.findElement(By.id("run-from")).isDisplayed());
    }

    /** Registers a file of the server's imagery folder through the run form. */
    void useServerFile(String path) {
        WebElement field = browser.driver.findElement(By.cssSelector("vaadin-text-field#server-path > input"));
        field.sendKeys(path);
        browser.wait.until(d -> path.equals(field.getDomProperty("value")));
        click(By.id("server-register"));
        browser.wait.until(d -> "".equals(field.getDomProperty("value"))
                || !d.findElements(By.cssSelector("#run-problems span")).isEmpty());
    }

    String whyTheModelCannotRun() {
        return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-cannot"))).getText();
    }

    void submitRun() {
        click(By.id("run-submit"));
    }

    String runOutputs() {
        return browser.driver.findElement(By.id("run-outputs")).getText();
    }

    List<String> runLegend() {
        return browser.driver.findElements(By.cssSelector("#run-legend .run-legend-entry")).stream()
                .map(WebElement::getText).toList();
    }

    String runRates() {
        return browser.driver.findElement(By.id("run-telemetry-rates")).getText();
    }

    List<String> runStages() {
        return browser.driver.findElements(By.cssSelector("#run-telemetry .run-stage")).stream()
                .map(WebElement::getText).toList();
    }

    String uploadProblems() {
        return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#upload-problems li"))).findElement(By.xpath("./..")).getText();
    }

    String itemTitle() {
        return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("item-title"))).getText();
    }

    String fact(String label) {
        return browser.driver.findElement(By.cssSelector("[data-fact='" + label + "']")).getText();
    }

    List<String> itemClasses() {
        return browser.driver.findElements(By.cssSelector("#item-classes .item-class")).stream()
                .map(WebElement::getText).toList();
    }

    String itemFiles() {
        return cellsText("item-files");
    }

    String catalog() {
        browser.driver.findElement(By.id("nav-catalog")).click();
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("catalog-grid")));
        browser.wait.until(d -> !cellsText("catalog-grid").isBlank());
        return cellsText("catalog-grid");
    }

    private String cellsText(String gridId) {
        return String.join("\n", browser.driver.findElements(
                        By.cssSelector("vaadin-grid#" + gridId + " > vaadin-grid-cell-content")).stream()
                .map(WebElement::getText).toList());
    }
}
