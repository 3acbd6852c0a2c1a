package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A page left open keeps none of the powers its user had when it was drawn: an administrator changes
 * an account through the API while its page is open, and what the page then does is authorised
 * against the account as it is now. Each page here is opened before the change and not reloaded.
 */
@ExtendWith(PortalExtension.class)
@ExtendWith(ScreenshotOnFailure.class)
class StalePageIT {
    private static final String PASSWORD = "stale-page-password-1";

    Browser browser;
    ManagePages manage;
    PortalServer portal;
    RestClient admin;
    /** Other tests share this portal: names made here never collide with theirs. */
    final String run = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 1_000_000));

    @BeforeEach
    void openBrowser(PortalServer portal) throws Exception {
        this.portal = portal;
        admin = RestClient.asAdmin(portal);
        browser = new Browser();
        manage = new ManagePages(browser, portal);
        ScreenshotOnFailure.watch(browser);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void anAdministratorDemotedAndDisabledCreatesNoAccountFromTheOpenAccountsPage() throws Exception {
        String former = "former-admin-" + run;
        String wanted = "sneaked-admin-" + run;
        admin.createAccount(former, PASSWORD, "administrator");
        manage.signIn(former, PASSWORD);
        manage.open("/accounts");
        type("vaadin-text-field#account-username > input", wanted);
        type("vaadin-password-field#account-password > input", PASSWORD);
        manage.chooseRadio("account-role", "Administrator");

        assertEquals(200, admin.putJson("/api/accounts/" + former, "{\"role\": \"viewer\"}").status());
        assertEquals(200, admin.putJson("/api/accounts/" + former, "{\"disabled\": true}").status());
        manage.click(By.id("account-create"));

        String notice = notification();
        RestClient.Response accounts = admin.get("/api/accounts");
        assertEquals(200, accounts.status());
        assertFalse(accounts.body().contains("\"" + wanted + "\""), "no account was created; the page said: "
                + notice);
        assertEquals(401, new RestClient(portal, wanted, PASSWORD).get("/api/accounts/me").status());
    }

    @Test
    void aDemotedOwnerDeletesNothingWithTheDeleteButtonOfTheOpenItemPage() throws Exception {
        String owner = "demoted-owner-" + run;
        RestClient asOwner = admin.createAccount(owner, PASSWORD, "publisher");
        long item = asOwner.upload("Stale_Delete_" + run + ".dlpk", aPackage().bytes()).json().get("id").asLong();
        manage.signIn(owner, PASSWORD);
        manage.openItem(item);
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("item-delete")));

        assertEquals(200, admin.putJson("/api/accounts/" + owner, "{\"role\": \"viewer\"}").status());
        manage.click(By.id("item-delete"));
        manage.click(By.id("item-delete-confirm"));

        String notice = notification();
        assertEquals(200, admin.get("/api/items/" + item).status(), "the item is still there; the page said: "
                + notice);
    }

    @Test
    void aDisabledAccountsOpenItemPageNoLongerServesThePackage() throws Exception {
        String holder = "disabled-holder-" + run;
        RestClient asHolder = admin.createAccount(holder, PASSWORD, "user");
        long item = asHolder.upload("Stale_Download_" + run + ".dlpk", aPackage().bytes()).json().get("id").asLong();
        manage.signIn(holder, PASSWORD);
        manage.openItem(item);
        String href = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("item-download")))
                .getDomProperty("href");
        assertEquals(200, fetchStatus(href), "served while the account is enabled: " + href);

        assertEquals(200, admin.putJson("/api/accounts/" + holder, "{\"disabled\": true}").status());

        assertNotEquals(200, fetchStatus(href), "the open page's download link no longer serves the package");
    }

    /** The status of a GET from the open page, with its session cookie, as clicking the link would send. */
    private int fetchStatus(String href) {
        Object status = ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + " fetch(arguments[0], {credentials: 'same-origin'})"
                        + ".then(r => r.arrayBuffer().then(() => done(r.status))).catch(e => done(-1));", href);
        return ((Number) status).intValue();
    }

    /** The text of the first notification the page shows, once it shows one. */
    private String notification() {
        return browser.wait.until(d -> {
            List<WebElement> cards = d.findElements(By.cssSelector("vaadin-notification-card"));
            String text = cards.isEmpty() ? "" : cards.get(0).getText();
            return text.isBlank() ? null : text;
        });
    }

    private void type(String css, String text) {
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css))).sendKeys(text);
    }
}
