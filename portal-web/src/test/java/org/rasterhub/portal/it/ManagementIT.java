package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in, editing and sharing items, accounts, groups and API tokens, driven in headless
 * Chromium against the real portal. Accounts and groups are made through the portal's own pages.
 */
@ExtendWith(PortalExtension.class)
@ExtendWith(ScreenshotOnFailure.class)
class ManagementIT {
    private static final String PASSWORD = "correct-horse-battery";

    @TempDir Path tmp;
    Browser browser;
    ManagePages manage;
    PortalPages pages;
    PortalServer portal;
    /** Other tests share this portal: names made here never collide with theirs. */
    final String run = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 1_000_000));

    @BeforeEach
    void openBrowser(PortalServer portal) throws Exception {
        this.portal = portal;
        browser = new Browser();
        manage = new ManagePages(browser, portal);
        pages = new PortalPages(browser, portal);
        ScreenshotOnFailure.watch(browser);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aWrongPasswordIsRefusedAndTheRightOneSignsIn() {
        manage.trySignIn("admin", "not-the-password");

        assertTrue(manage.signInRefused());
        assertEquals("/login", manage.open("/tokens"), "still not signed in: a members' page sends back to sign-in");

        manage.signIn("admin", PortalServer.ADMIN_PASSWORD);
        assertEquals("admin", manage.signedInUser());
        assertEquals("role: administrator", manage.signedInRole());
        assertEquals("/tokens", manage.open("/tokens"));
    }

    @Test
    void visitorsBrowseTheCatalogButOnlyAdministratorsSeeAccounts() throws Exception {
        assertEquals("/", manage.open("/"), "the catalog is open to visitors");
        assertEquals("/login", manage.open("/accounts"));
        assertEquals("/login", manage.open("/groups"));

        String user = "erin-" + run;
        manage.signIn("admin", PortalServer.ADMIN_PASSWORD);
        assertTrue(manage.navigationShows("nav-accounts"));
        manage.createAccount(user, PASSWORD, "User");
        String accounts = manage.accounts();
        assertTrue(accounts.contains(user) && accounts.contains("User"), accounts);
        manage.signOut();

        manage.signIn(user, PASSWORD);
        assertFalse(manage.navigationShows("nav-accounts"), "the Accounts link is for administrators");
        assertTrue(manage.navigationShows("nav-tokens") && manage.navigationShows("nav-groups"));
        manage.open("/accounts");
        assertTrue(manage.accountsPageText().contains("Only administrators manage accounts."),
                manage.accountsPageText());
        browser.save("accounts-denied", false);
    }

    @Test
    void theOwnerEditsTitleSummaryAndTagsInTheDialogAndTheItemPageShowsThem() throws Exception {
        Path dlpk = aPackage().build(tmp.resolve("Edit_Me_" + run + ".dlpk"));
        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(dlpk);
        assertEquals("Edit_Me_" + run, manage.itemTitle());

        manage.editItem("Wetlands " + run, "Finds wetlands in Sentinel-2 scenes", "wetlands, Sentinel-2, wetlands");

        browser.wait.until(d -> manage.itemTitle().equals("Wetlands " + run));
        assertEquals("Finds wetlands in Sentinel-2 scenes", manage.itemSummary());
        assertEquals(List.of("Sentinel-2", "wetlands"), manage.itemTags(), "tags kept once each");
        assertEquals("Wetlands " + run, manage.openItem(manage.currentItemId()), "stored, not only shown");
        assertEquals("Finds wetlands in Sentinel-2 scenes", manage.itemSummary());
        browser.save("item-edited", false);
    }

    @Test
    void aBlankTitleIsRefusedAtItsFieldAndNothingChanges() throws Exception {
        Path dlpk = aPackage().build(tmp.resolve("Keep_My_Title_" + run + ".dlpk"));
        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(dlpk);
        assertEquals("Keep_My_Title_" + run, manage.itemTitle());

        manage.editItem("", "a summary that must not be saved either", "");

        String error = manage.fieldError("edit-title");
        assertTrue(error.contains("1 to") && error.contains("blank"), error);
        browser.save("edit-title-refused", false);
        manage.cancelEdit();
        assertEquals("Keep_My_Title_" + run, manage.openItem(manage.currentItemId()));
        assertTrue(browser.driver.findElements(org.openqa.selenium.By.id("item-summary")).isEmpty(),
                "the summary was not saved");
    }

    @Test
    void anItemSharedWithAGroupIsSeenByItsMembersButNotByOutsidersOrVisitors() throws Exception {
        String owner = "alice-" + run;
        String member = "bob-" + run;
        String outsider = "carol-" + run;
        String group = "Surveyors " + run;
        String title = "Shared_Wetlands_" + run;
        manage.signIn("admin", PortalServer.ADMIN_PASSWORD);
        for (String user : List.of(owner, member, outsider)) {
            manage.createAccount(user, PASSWORD, "User");
        }
        String notHers = "Not alice's " + run;
        manage.createGroup(notHers, "the owner is no member of it");
        manage.signOut();

        manage.signIn(owner, PASSWORD);
        manage.createGroup(group, "field survey team");
        manage.addMembers(group, member);
        String groups = manage.groups();
        assertTrue(groups.contains(member) && groups.contains(owner), groups);
        pages.uploadPackage(aPackage().build(tmp.resolve(title + ".dlpk")));
        assertEquals(title, manage.itemTitle());
        long id = manage.currentItemId();
        assertTrue(manage.itemSharing().startsWith("Private"), manage.itemSharing());
        List<String> offered = manage.groupsOfferedForSharing();
        assertTrue(offered.contains(group) && !offered.contains(notHers), "only her own groups: " + offered);
        manage.shareItem("Groups", group);
        browser.wait.until(d -> manage.itemSharing().contains(group));
        browser.save("item-shared", false);
        manage.signOut();

        manage.signIn(member, PASSWORD);
        assertFalse(manage.catalog().contains(title), "invited is not yet a member: nobody joins unasked");
        manage.acceptInvitation(group);
        assertTrue(manage.groups().contains(member), manage.groups());
        assertTrue(manage.catalog().contains(title), "a member sees it in the catalog");
        assertEquals(title, manage.openItem(id));
        manage.signOut();

        manage.signIn(outsider, PASSWORD);
        assertFalse(manage.catalog().contains(title), "an outsider does not see it");
        assertNull(manage.openItem(id), "and cannot open it by its address");
        manage.signOut();

        assertFalse(manage.catalog().contains(title), "a visitor does not see it");
        assertNull(manage.openItem(id));
    }

    @Test
    void aDeletedGroupLeavesTheListAndTheItemsSharedWithIt() throws Exception {
        String group = "Short-lived " + run;
        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        manage.createGroup(group, "made to be deleted");
        pages.uploadPackage(aPackage().build(tmp.resolve("Group_Gone_" + run + ".dlpk")));
        long id = manage.currentItemId();
        manage.shareItem("Groups", group);
        browser.wait.until(d -> manage.itemSharing().contains(group));

        manage.deleteGroup(group);

        assertFalse(manage.groups().contains(group), manage.groups());
        manage.openItem(id);
        assertFalse(manage.itemSharing().contains(group), manage.itemSharing());
    }

    @Test
    void aTokenCreatedInTheBrowserAuthenticatesBearerRequestsUntilItIsRevoked() throws Exception {
        String user = "dave-" + run;
        manage.signIn("admin", PortalServer.ADMIN_PASSWORD);
        manage.createAccount(user, PASSWORD, "User");
        manage.signOut();
        manage.signIn(user, PASSWORD);
        pages.uploadPackage(aPackage().build(tmp.resolve("Token_Target_" + run + ".dlpk")));
        long id = manage.currentItemId();

        String token = manage.createToken("it-script", 30);

        assertTrue(token.startsWith("rh_") && token.length() > 40, token);
        assertTrue(manage.createdTokenHint().contains("shown only this once"), manage.createdTokenHint());
        String listed = manage.tokens();
        assertTrue(listed.contains("it-script") && listed.contains(token.substring(0, 10) + "…\n"), listed);
        assertFalse(listed.contains(token), "the list never shows the whole token");
        browser.save("token-created", false);

        HttpResponse<String> item = send(HttpRequest.newBuilder(portal.uri("/api/items/" + id))
                .header("Authorization", "Bearer " + token).GET());
        assertEquals(200, item.statusCode(), item.body());
        assertTrue(item.body().contains("\"owner\":\"" + user + "\""), item.body());
        assertEquals(404, send(HttpRequest.newBuilder(portal.uri("/api/items/" + id)).GET()).statusCode(),
                "without the token the private item does not exist");
        HttpResponse<String> edited = send(HttpRequest.newBuilder(portal.uri("/api/items/" + id))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"summary\": \"set by a script\"}")));
        assertEquals(200, edited.statusCode(), edited.body());
        assertTrue(edited.body().contains("set by a script"), edited.body());

        manage.open("/tokens");
        assertTrue(browser.driver.findElements(org.openqa.selenium.By.id("token-value")).isEmpty(),
                "the token is not shown again");
        manage.revokeToken("it-script");
        assertTrue(manage.tokens().contains("revoked"), manage.tokens());
        HttpResponse<String> refused = send(HttpRequest.newBuilder(portal.uri("/api/items/" + id))
                .header("Authorization", "Bearer " + token).GET());
        assertEquals(401, refused.statusCode(), refused.body());
    }

    @Test
    void anAdministratorChangesARoleAndAPasswordAndATakenUsernameIsRefusedAtItsField() throws Exception {
        String user = "frank-" + run;
        manage.signIn("admin", PortalServer.ADMIN_PASSWORD);
        manage.createAccount(user, PASSWORD, "Viewer");

        String taken = manage.createAccountRefused(user, PASSWORD, "User", "account-username");
        assertEquals("\"" + user + "\" is taken (names are unique ignoring case)", taken);
        String shortPassword = manage.createAccountRefused("grace-" + run, "short", "User", "account-password");
        assertEquals("at least 8 characters", shortPassword);
        manage.changeRole(user, "Publisher");
        browser.wait.until(d -> manage.accounts().contains(user + "\nPublisher"));
        manage.setPassword(user, "a-new-password-" + run);
        manage.signOut();

        manage.trySignIn(user, PASSWORD);
        assertTrue(manage.signInRefused(), "the old password no longer signs in");
        manage.signIn(user, "a-new-password-" + run);
        assertEquals(user, manage.signedInUser());
        assertEquals("role: publisher", manage.signedInRole());
    }

    @Test
    void sharingWithGroupsButNoGroupIsRefusedAtTheGroupsField() throws Exception {
        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(aPackage().build(tmp.resolve("No_Group_Yet_" + run + ".dlpk")));
        manage.itemTitle();

        String error = manage.shareRefused("Groups");

        assertEquals("pick at least one group, or choose Private", error);
    }

    @Test
    void theOwnerDeletesAnItemAfterConfirmingAndItIsGone() throws Exception {
        String title = "Delete_Me_" + run;
        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(aPackage().build(tmp.resolve(title + ".dlpk")));
        long id = manage.currentItemId();

        manage.deleteItem();

        assertFalse(manage.catalog().contains(title));
        assertNull(manage.openItem(id));
        assertEquals(404, RestClient.asAdmin(portal).get("/api/items/" + id).status());
    }

    @Test
    void anUploadedPngBecomesTheThumbnailAndAFileThatIsNoImageIsRefused() throws Exception {
        pages.signIn("admin", PortalServer.ADMIN_PASSWORD);
        pages.uploadPackage(aPackage().build(tmp.resolve("Thumbnail_" + run + ".dlpk")));
        long id = manage.currentItemId();
        Path fake = tmp.resolve("not-an-image.png");
        java.nio.file.Files.writeString(fake, "this is text, not a PNG");

        manage.uploadThumbnail(fake);
        String problem = manage.thumbnailProblem();
        assertTrue(problem.contains("not a PNG or JPEG image"), problem);

        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(64, 40,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        picture.setRGB(3, 4, 0x00ff00);
        Path png = tmp.resolve("thumbnail.png");
        javax.imageio.ImageIO.write(picture, "png", png.toFile());
        byte[] expected = java.nio.file.Files.readAllBytes(png);
        manage.uploadThumbnail(png);

        RestClient admin = RestClient.asAdmin(portal);
        browser.wait.until(d -> {
            try {
                return java.util.Arrays.equals(expected, admin.download("/api/items/" + id + "/thumbnail", 200));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
