package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Account changes are all or nothing, keep an administrator, and names are unique ignoring case. */
@ExtendWith(PortalExtension.class)
class AccountIntegrityIT {
    private static final String PASSWORD = "integrity-password-1";

    @Test
    void aRefusedRoleChangeLeavesThePasswordAsItWas(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String name = "climber-" + UUID.randomUUID().toString().substring(0, 8);
        RestClient user = admin.createAccount(name, PASSWORD, "user");

        var refused = user.putJson("/api/accounts/" + name, """
                {"password": "a-new-password-2", "currentPassword": "%s", "role": "administrator"}""".formatted(PASSWORD));

        assertEquals(403, refused.status(), refused.body());
        assertEquals(200, user.get("/api/accounts/me").status(), "the old password still signs in");
        assertEquals(401, new RestClient(portal, name, "a-new-password-2").get("/api/accounts/me").status());
    }

    @Test
    void userNamesAreUniqueIgnoringCase(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        var taken = admin.postJson("/api/accounts", """
                {"username": "ADMIN", "password": "%s", "role": "administrator"}""".formatted(PASSWORD));
        assertEquals(422, taken.status(), taken.body());
        assertTrue(taken.body().contains("ADMIN\\\" is taken (names are unique ignoring case)"), taken.body());
    }

    @Test
    void twoAdministratorsDemotingEachOtherAtOnceLeaveOne(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        for (int round = 0; round < 5; round++) {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            String first = "first-" + suffix;
            String second = "second-" + suffix;
            RestClient one = admin.createAccount(first, PASSWORD, "administrator");
            RestClient two = admin.createAccount(second, PASSWORD, "administrator");
            // Only these two stay active administrators while they race.
            assertEquals(200, one.putJson("/api/accounts/admin", "{\"disabled\": true}").status());
            try {
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    List<Future<Integer>> answers = pool.invokeAll(List.<Callable<Integer>>of(
                            () -> one.putJson("/api/accounts/" + second, "{\"role\": \"viewer\"}").status(),
                            () -> two.putJson("/api/accounts/" + first, "{\"role\": \"viewer\"}").status()));
                    List<Integer> statuses = List.of(answers.get(0).get(), answers.get(1).get());
                    assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one wins: " + statuses);
                } finally {
                    pool.shutdown();
                }
                long administrators = 0;
                for (RestClient each : List.of(one, two)) {
                    if (each.get("/api/accounts/me").json().get("role").asText().equalsIgnoreCase("administrator")) {
                        administrators++;
                    }
                }
                assertEquals(1, administrators, "exactly one administrator is left");
            } finally {
                RestClient survivor = one.get("/api/accounts/me").json().get("role").asText().equalsIgnoreCase("administrator")
                        ? one : two;
                assertEquals(200, survivor.putJson("/api/accounts/admin", "{\"disabled\": false}").status());
            }
        }
    }
}
