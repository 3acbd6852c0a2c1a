package org.rasterhub.portal.it;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The catalog screen's search: what a user types and picks, and what the list and pager then show. */
final class CatalogPage {
    private final Browser browser;
    private final PortalServer portal;

    CatalogPage(Browser browser, PortalServer portal) {
        this.browser = browser;
        this.portal = portal;
    }

    /** Opens the catalog at an address, as from a bookmark: {@code "?q=flood&sort=title"}. */
    CatalogPage open(String query) {
        browser.driver.get(portal.uri("/" + query).toString());
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("catalog-search")));
        return this;
    }

    /** Types into the search field; the list follows once typing pauses. */
    void type(String words) {
        WebElement input = browser.driver.findElement(By.cssSelector("vaadin-text-field#catalog-search > input"));
        input.sendKeys(words);
    }

    /**
     * Waits until the address carries this search and the list shows what is expected, then returns
     * the titles shown (the expected ones, or what was there after 10 s).
     */
    List<String> titlesOnceAddressHas(String parameter, List<String> expected) {
        browser.wait.until(ExpectedConditions.urlContains(parameter));
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(10))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> titles().equals(expected));
        } catch (org.openqa.selenium.TimeoutException shownBelow) {
            // the caller's assertion shows what the list holds instead
        }
        return titles();
    }

    List<String> titles() {
        return browser.driver.findElements(By.cssSelector("vaadin-grid#catalog-grid > vaadin-grid-cell-content a"))
                .stream().map(WebElement::getText).filter(t -> !t.isBlank()).toList();
    }

    String searchText() {
        return browser.driver.findElement(By.id("catalog-search")).getAttribute("value");
    }

    String pager() {
        return browser.driver.findElement(By.id("catalog-page")).getText();
    }

    String problem() {
        WebElement problem = browser.driver.findElement(By.id("catalog-problem"));
        return problem.isDisplayed() ? problem.getText() : "";
    }

    void nextPage() {
        browser.driver.findElement(By.id("catalog-next")).click();
    }
}
