package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The catalog's search in headless Chromium: type-ahead, and a search kept in the address. Items
 * get titles with a word no other test uses ("Quokka"), because the portal is shared.
 */
@ExtendWith(PortalExtension.class)
@ExtendWith(ScreenshotOnFailure.class)
class CatalogSearchIT {
    private Browser browser;
    private CatalogPage catalog;

    @BeforeEach
    void openBrowser(PortalServer portal) throws Exception {
        browser = new Browser();
        catalog = new CatalogPage(browser, portal);
        ScreenshotOnFailure.watch(browser);
        RestClient admin = RestClient.asAdmin(portal);
        if (admin.get("/api/items?q=quokka").json().get("total").asLong() == 0) {
            for (String title : List.of("Quokka_Habitat", "Quokka_Burrows", "Quokka_Roads")) {
                var created = admin.upload(title + ".dlpk", aPackage().bytes());
                assertEquals(201, created.status(), created.body());
                long id = created.json().get("id").asLong();
                assertEquals(200, admin.putJson("/api/items/" + id + "/sharing",
                        "{\"sharing\": \"public\", \"groups\": []}").status());
            }
        }
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void typingNarrowsTheListAndPutsTheSearchInTheAddress() {
        catalog.open("");
        catalog.type("quokka bur");
        assertEquals(List.of("Quokka_Burrows"),
                catalog.titlesOnceAddressHas("q=quokka%20bur", List.of("Quokka_Burrows")));
        assertEquals("Page 1 of 1 · 1 item", catalog.pager());
    }

    @Test
    void aBookmarkedSearchOpensWithItsWordsOrderAndPage() {
        catalog.open("?q=quokka&sort=title&size=2");
        assertEquals("quokka", catalog.searchText());
        assertEquals(List.of("Quokka_Burrows", "Quokka_Habitat"),
                catalog.titlesOnceAddressHas("sort=title", List.of("Quokka_Burrows", "Quokka_Habitat")));
        assertEquals("Page 1 of 2 · 3 items", catalog.pager());

        catalog.nextPage();
        assertEquals(List.of("Quokka_Roads"), catalog.titlesOnceAddressHas("page=1", List.of("Quokka_Roads")));
    }

    @Test
    void anAddressWithABadParameterSaysWhichAndShowsEverything() {
        catalog.open("?size=5000");
        assertTrue(catalog.problem().contains("size: 1 to 100 items a page, was 5000"), catalog.problem());
    }
}
