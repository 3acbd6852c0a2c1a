package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A signed-in browser follows what an administrator changes (a publisher demoted to viewer loses the
 * run form at the next page, without signing in again), and people change their own password.
 */
@ExtendWith(PortalExtension.class)
class SessionRoleIT {
    private static final String PASSWORD = "session-password-1";
    Browser browser;
    PortalServer portal;

    @BeforeEach
    void openBrowser(PortalServer portal) throws Exception {
        this.portal = portal;
        browser = new Browser();
        ScreenshotOnFailure.watch(browser);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aDemotedPublisherLosesTheRunFormAtTheNextPage() throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String name = "demoted-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createAccount(name, PASSWORD, "publisher");
        long item = admin.upload("Session_Model.dlpk", aPackage().bytes()).json().get("id").asLong();
        assertEquals(200, admin.putJson("/api/items/" + item + "/sharing", "{\"sharing\": \"organization\"}")
                .status());

        new PortalPages(browser, portal).signIn(name, PASSWORD);
        browser.driver.get(portal.uri("/items/" + item).toString());
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-tool")));

        assertEquals(200, admin.putJson("/api/accounts/" + name, "{\"role\": \"viewer\"}").status());
        browser.driver.get(portal.uri("/items/" + item).toString());
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("item-title")));

        assertTrue(browser.driver.findElements(By.id("run-tool")).isEmpty(), "a viewer gets no run form");
        assertEquals("role: viewer", browser.driver.findElement(By.id("signed-in-user")).getDomAttribute("title"));
    }

    @Test
    void aDisabledAccountsOpenSessionEndsAtItsNextPage() throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String name = "disabled-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createAccount(name, PASSWORD, "user");
        new PortalPages(browser, portal).signIn(name, PASSWORD);

        assertEquals(200, admin.putJson("/api/accounts/" + name, "{\"disabled\": true}").status());
        browser.driver.get(portal.uri("/").toString()); // the catalog, open to visitors
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        assertEquals("", browser.driver.findElement(By.id("signed-in-user")).getText(), "signed out");
        browser.driver.get(portal.uri("/tokens").toString());
        browser.wait.until(ExpectedConditions.urlContains("/login")); // and signing in again is refused:
        new PortalPages(browser, portal).signInExpectingRefusal(name, PASSWORD);
        assertEquals("This account is disabled", refusal(), "told why, as the password was right");
        new PortalPages(browser, portal).signInExpectingRefusal(name, "not-the-password");
        assertEquals("Wrong username or password", refusal(), "a wrong password reveals nothing");
    }

    @Test
    void anAdministratorDisablesAndEnablesAnAccountOnTheAccountsPage() throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String name = "paused-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createAccount(name, PASSWORD, "user");
        new PortalPages(browser, portal).signIn("admin", PortalServer.ADMIN_PASSWORD);
        browser.driver.get(portal.uri("/accounts").toString());

        browser.wait.until(ExpectedConditions.elementToBeClickable(By.id("account-disable-" + name))).click();
        browser.wait.until(d -> status(name, PASSWORD) == 401);
        browser.wait.until(ExpectedConditions.elementToBeClickable(By.id("account-enable-" + name))).click();
        browser.wait.until(d -> status(name, PASSWORD) == 200);
        assertTrue(browser.driver.findElement(By.id("account-disable-admin")).getDomAttribute("disabled") != null,
                "administrators cannot disable themselves");
    }

    @Test
    void peopleChangeTheirOwnPasswordOnlyWithTheCurrentOne() throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String name = "changer-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createAccount(name, PASSWORD, "user");
        new PortalPages(browser, portal).signIn(name, PASSWORD);
        browser.driver.get(portal.uri("/tokens").toString());

        changePassword("not-my-password", "brand-new-password-2", "brand-new-password-2");
        browser.wait.until(d -> d.findElement(By.id("password-current")).getDomAttribute("invalid") != null);
        assertEquals(200, status(name, PASSWORD), "unchanged");

        changePassword(PASSWORD, "brand-new-password-2", "brand-new-password-2");
        browser.wait.until(d -> status(name, "brand-new-password-2") == 200);
        assertEquals(401, status(name, PASSWORD), "the old password no longer signs in");
    }

    private String refusal() {
        return (String) ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "return document.querySelector('vaadin-login-form').i18n.errorMessage.title");
    }

    private int status(String name, String password) {
        try {
            return new RestClient(portal, name, password).get("/api/accounts/me").status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void changePassword(String current, String replacement, String repeated) {
        for (String[] field : new String[][] {{"password-current", current}, {"password-new", replacement},
                {"password-repeat", repeated}}) {
            var input = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id(field[0])))
                    .findElement(By.tagName("input"));
            input.clear();
            input.sendKeys(field[1]);
        }
        browser.driver.findElement(By.id("password-change")).click();
    }
}
