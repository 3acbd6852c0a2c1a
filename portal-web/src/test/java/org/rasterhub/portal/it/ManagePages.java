package org.rasterhub.portal.it;

import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Page objects for signing in and out, the item page's edit and share dialogs, and the accounts,
 * groups and tokens views.
 */
final class ManagePages {
    private final Browser browser;
    private final PortalServer portal;

    ManagePages(Browser browser, PortalServer portal) {
        this.browser = browser;
        this.portal = portal;
    }

    // --- signing in and out ---

    /** Types a username and password into the sign-in form and submits it, whatever the outcome. */
    void trySignIn(String user, String password) {
        open("/login");
        WebElement username = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("vaadin-login-form input[name='username']")));
        username.sendKeys(user);
        browser.driver.findElement(By.cssSelector("vaadin-login-form input[name='password']"))
                .sendKeys(password, Keys.ENTER);
    }

    /** Whether the sign-in form shows its "wrong username or password" error. */
    boolean signInRefused() {
        return browser.wait.until(d -> "true".equals(d.findElement(By.id("login-form")).getDomProperty("error"))
                ? Boolean.TRUE : null);
    }

    void signIn(String user, String password) {
        trySignIn(user, password);
        browser.wait.until(ExpectedConditions.textToBe(By.id("signed-in-user"), user));
    }

    String signedInUser() {
        return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in-user"))).getText();
    }

    /** The role the header names in its tooltip, e.g. "role: administrator". */
    String signedInRole() {
        return browser.driver.findElement(By.id("signed-in-user")).getDomAttribute("title");
    }

    void signOut() {
        click(By.id("sign-out"));
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
    }

    /** Opens a path of the portal, e.g. "/tokens", and returns the path the browser ended on. */
    String open(String path) {
        browser.driver.get(portal.uri(path).toString());
        browser.wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        // Vaadin renders the route after the page loads: a view's or the sign-in form's root appears.
        browser.wait.until(d -> !d.findElements(By.id("login-form")).isEmpty()
                || !d.findElements(By.id("signed-in-user")).isEmpty());
        return java.net.URI.create(browser.driver.getCurrentUrl()).getPath();
    }

    boolean navigationShows(String linkId) {
        List<WebElement> links = browser.driver.findElements(By.id(linkId));
        return !links.isEmpty() && links.get(0).isDisplayed();
    }

    // --- accounts (administrators) ---

    void createAccount(String username, String password, String role) {
        open("/accounts");
        type(By.cssSelector("vaadin-text-field#account-username > input"), username);
        type(By.cssSelector("vaadin-password-field#account-password > input"), password);
        chooseRadio("account-role", role);
        click(By.id("account-create"));
        browser.wait.until(d -> gridText("accounts-grid").contains(username));
    }

    /** Tries to create an account and returns the error shown at the field, e.g. "account-username". */
    String createAccountRefused(String username, String password, String role, String fieldId) {
        open("/accounts");
        type(By.cssSelector("vaadin-text-field#account-username > input"), username);
        type(By.cssSelector("vaadin-password-field#account-password > input"), password);
        chooseRadio("account-role", role);
        click(By.id("account-create"));
        return fieldError(fieldId);
    }

    void changeRole(String username, String role) {
        openAccount(username);
        chooseRadio("account-edit-role", role);
        click(By.id("account-edit-role-save"));
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("account-edit-role")));
    }

    void setPassword(String username, String password) {
        openAccount(username);
        type(By.cssSelector("vaadin-password-field#account-edit-password > input"), password);
        click(By.id("account-edit-password-save"));
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("account-edit-password")));
    }

    private void openAccount(String username) {
        open("/accounts");
        browser.wait.until(d -> gridText("accounts-grid").contains(username));
        click(By.id("account-change-" + username));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-edit-role")));
    }

    String accounts() {
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("accounts-grid")));
        return gridText("accounts-grid");
    }

    String accountsPageText() {
        return browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("vaadin-app-layout")))
                .getText();
    }

    // --- groups ---

    void createGroup(String name, String description) {
        open("/groups");
        type(By.cssSelector("vaadin-text-field#group-name > input"), name);
        type(By.cssSelector("vaadin-text-field#group-description > input"), description);
        click(By.id("group-create"));
        browser.wait.until(d -> gridText("groups-grid").contains(name));
    }

    /** Adds members by typing their usernames, as a group owner who may not list accounts does. */
    void addMembers(String group, String... usernames) {
        open("/groups");
        browser.wait.until(d -> gridText("groups-grid").contains(group));
        click(By.cssSelector("vaadin-button[data-group='" + group + "']"));
        WebElement field = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.id("group-members-field")));
        WebElement input = field.findElement(By.cssSelector("input"));
        for (String username : usernames) {
            input.sendKeys(username, Keys.ENTER);
            browser.wait.until(d -> selectedLabels(field).contains(username));
        }
        click(By.id("group-members-save"));
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("group-members-field")));
    }

    void deleteGroup(String group) {
        open("/groups");
        browser.wait.until(d -> gridText("groups-grid").contains(group));
        click(By.cssSelector("vaadin-button[data-group-delete='" + group + "']"));
        click(By.id("group-delete-confirm"));
        browser.wait.until(d -> !gridText("groups-grid").contains(group));
    }

    /** Accepts, on the Groups page, the invitation of the group with this name. */
    void acceptInvitation(String group) {
        open("/groups");
        click(By.cssSelector("vaadin-button[data-invitation='" + group + "']"));
        browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-button[data-invitation='" + group + "']"))
                .isEmpty());
    }

    String groups() {
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("groups-grid")));
        return gridText("groups-grid");
    }

    // --- the item page ---

    void editItem(String title, String summary, String tags) {
        click(By.id("item-edit"));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-title")));
        replace(By.cssSelector("vaadin-text-field#edit-title > input"), title);
        replace(By.cssSelector("vaadin-text-field#edit-summary > input"), summary);
        replace(By.cssSelector("vaadin-text-field#edit-tags > input"), tags);
        click(By.id("edit-save"));
    }

    /** The error shown at a field (by id), once it is marked invalid. */
    String fieldError(String fieldId) {
        WebElement field = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id(fieldId)));
        browser.wait.until(d -> field.getDomAttribute("invalid") != null);
        return field.getDomProperty("errorMessage");
    }

    void cancelEdit() {
        click(By.id("edit-cancel"));
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("edit-title")));
    }

    /** Shares the open item at a level ("Private", "Groups", "Organization", "Public") with these groups. */
    void shareItem(String level, String... groups) {
        click(By.id("item-share"));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("share-level")));
        chooseRadio("share-level", level);
        WebElement field = browser.driver.findElement(By.id("share-groups"));
        for (String group : groups) {
            field.findElement(By.cssSelector("input")).sendKeys(group);
            WebElement option = browser.wait.until(d -> d.findElements(
                            By.cssSelector("vaadin-multi-select-combo-box-item")).stream()
                    .filter(e -> e.isDisplayed() && e.getText().strip().equals(group)).findFirst().orElse(null));
            option.click();
            browser.wait.until(d -> selectedLabels(field).contains(group));
        }
        field.findElement(By.cssSelector("input")).sendKeys(Keys.ESCAPE);
        click(By.id("share-save"));
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("share-level")));
    }

    /** The groups the share dialog offers, read from its open drop-down; the dialog is cancelled again. */
    List<String> groupsOfferedForSharing() {
        click(By.id("item-share"));
        WebElement field = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("share-groups")));
        chooseRadio("share-level", "Groups"); // the groups field is off while the level is Private
        browser.wait.until(d -> field.getDomAttribute("disabled") == null);
        field.findElement(By.cssSelector("input")).sendKeys(Keys.ARROW_DOWN);
        List<String> offered = browser.wait.until(d -> {
            List<String> labels = d.findElements(By.cssSelector("vaadin-multi-select-combo-box-item")).stream()
                    .filter(WebElement::isDisplayed).map(e -> e.getText().strip()).toList();
            return labels.isEmpty() ? null : labels;
        });
        field.findElement(By.cssSelector("input")).sendKeys(Keys.ESCAPE);
        click(By.id("share-cancel"));
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("share-level")));
        return offered;
    }

    /** Opens the share dialog, picks a level without groups, saves, and returns the error at the groups field. */
    String shareRefused(String level) {
        click(By.id("item-share"));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("share-level")));
        chooseRadio("share-level", level);
        click(By.id("share-save"));
        return fieldError("share-groups");
    }

    void deleteItem() {
        click(By.id("item-delete"));
        click(By.id("item-delete-confirm"));
        browser.wait.until(d -> java.net.URI.create(d.getCurrentUrl()).getPath().equals("/"));
    }

    void uploadThumbnail(Path image) {
        WebElement upload = browser.wait.until(ExpectedConditions.presenceOfElementLocated(
                By.id("item-thumbnail-upload")));
        upload.getShadowRoot().findElement(By.cssSelector("input[type='file']"))
                .sendKeys(image.toAbsolutePath().toString());
    }

    String thumbnailProblem() {
        return browser.wait.until(d -> {
            String text = d.findElement(By.id("item-thumbnail-problem")).getText();
            return text.isBlank() ? null : text;
        });
    }

    String itemTitle() {
        return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("item-title"))).getText();
    }

    String itemSummary() {
        return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("item-summary"))).getText();
    }

    List<String> itemTags() {
        return browser.driver.findElements(By.cssSelector("#item-tags .item-tag")).stream()
                .map(WebElement::getText).toList();
    }

    String itemSharing() {
        return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("item-sharing"))).getText();
    }

    /** Opens the item page by id, as a bookmark or a shared link would. */
    String openItem(long id) {
        open("/items/" + id);
        browser.wait.until(d -> !d.findElements(By.id("item-title")).isEmpty()
                || !d.findElements(By.id("item-missing")).isEmpty());
        return browser.driver.findElements(By.id("item-title")).isEmpty() ? null : itemTitle();
    }

    /** The item id in the browser's address, on an item page. */
    long currentItemId() {
        itemTitle(); // on the item page, not still on the upload page
        String path = java.net.URI.create(browser.driver.getCurrentUrl()).getPath();
        return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    }

    /** The text of the catalog as this browser's user sees it; empty when it lists nothing. */
    String catalog() {
        open("/");
        // Either the grid with rows or the "nothing here" line is shown; the other may be absent or hidden.
        browser.wait.until(d -> shown(d, "catalog-empty")
                || shown(d, "catalog-grid") && !gridText("catalog-grid").isBlank());
        return shown(browser.driver, "catalog-empty") ? "" : gridText("catalog-grid");
    }

    private static boolean shown(org.openqa.selenium.WebDriver driver, String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    // --- API tokens ---

    /** Creates a token in "My tokens" and returns it as the page shows it, once. */
    String createToken(String name, Integer days) {
        open("/tokens");
        type(By.cssSelector("vaadin-text-field#token-name > input"), name);
        if (days != null) {
            type(By.cssSelector("vaadin-integer-field#token-days > input"), days.toString());
        }
        click(By.id("token-create"));
        WebElement value = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-value")));
        browser.wait.until(d -> gridText("tokens-grid").contains(name));
        return value.getDomProperty("value");
    }

    String createdTokenHint() {
        return browser.driver.findElement(By.id("token-created")).getText();
    }

    String tokens() {
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tokens-grid")));
        return gridText("tokens-grid");
    }

    void revokeToken(String name) {
        click(By.cssSelector("vaadin-button[data-token='" + name + "']"));
        browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-button[data-token='" + name + "']")).isEmpty());
    }

    // --- helpers ---

    private void type(By locator, String text) {
        WebElement input = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
        input.sendKeys(text);
    }

    /** Replaces a field's text; the change reaches the server when the field loses focus. */
    private void replace(By locator, String text) {
        WebElement input = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    void chooseRadio(String groupId, String labelStart) {
        WebElement radio = browser.wait.until(d -> d.findElements(
                        By.cssSelector("vaadin-radio-group#" + groupId + " vaadin-radio-button")).stream()
                .filter(e -> e.getText().strip().startsWith(labelStart)).findFirst().orElse(null));
        radio.findElement(By.cssSelector("input")).click();
        browser.wait.until(d -> "true".equals(radio.getDomProperty("checked")));
    }

    @SuppressWarnings("unchecked")
    private List<String> selectedLabels(WebElement multiSelect) {
        Object labels = ((JavascriptExecutor) browser.driver).executeScript(
                "const box = arguments[0]; return box.selectedItems.map(i => box.itemLabelPath && i[box.itemLabelPath]"
                        + " !== undefined ? i[box.itemLabelPath] : (i.label !== undefined ? i.label : String(i)));",
                multiSelect);
        return (List<String>) labels;
    }

    /** Scrolls the element to the middle first: AppLayout scrolls its content, not the window. */
    /** Scrolls the element to the middle first: AppLayout scrolls its content, not the window. */
    void click(By locator) {
        WebElement element = browser.wait.until(ExpectedConditions.presenceOfElementLocated(locator));
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        browser.wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private String gridText(String gridId) {
        return String.join("\n", browser.driver.findElements(
                        By.cssSelector("vaadin-grid#" + gridId + " > vaadin-grid-cell-content")).stream()
                .map(WebElement::getText).toList());
    }
}
