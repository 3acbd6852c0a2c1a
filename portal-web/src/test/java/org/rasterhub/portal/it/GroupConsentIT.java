package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A group's owner invites, the invited account decides: nobody is enrolled without consent, and the
 * owner's answer is the same whether or not an account of a name exists.
 */
@ExtendWith(PortalExtension.class)
class GroupConsentIT {
    private static final String PASSWORD = "consent-password-1";

    @Test
    void anOwnerInvitesAndOnlyTheInvitedAccountMakesItAMember(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        RestClient owner = admin.createAccount("owner-" + suffix, PASSWORD, "user");
        RestClient bob = admin.createAccount("bob-" + suffix, PASSWORD, "user");
        RestClient eve = admin.createAccount("eve-" + suffix, PASSWORD, "user");
        long group = owner.postJson("/api/groups", "{\"name\": \"consent-" + suffix + "\"}").json().get("id").asLong();

        var invited = owner.putJson("/api/groups/" + group + "/members", "{\"members\": [\"bob-" + suffix + "\"]}");

        assertEquals(200, invited.status(), invited.body());
        assertEquals("[\"owner-" + suffix + "\"]", invited.json().get("members").toString(), "not enrolled");
        assertEquals("[\"bob-" + suffix + "\"]", invited.json().get("invited").toString());
        assertEquals(404, eve.postJson("/api/invitations/" + group + "/accept", "{}").status(), "not eve's invitation");
        JsonNode mine = bob.get("/api/invitations").json();
        assertEquals(1, mine.size(), mine.toString());
        assertEquals(group, mine.get(0).get("id").asLong());

        var accepted = bob.postJson("/api/invitations/" + group + "/accept", "{}");
        assertEquals(200, accepted.status(), accepted.body());
        assertTrue(accepted.json().get("members").toString().contains("bob-" + suffix), accepted.body());
        assertEquals(0, accepted.json().get("invited").size());
        assertEquals(0, bob.get("/api/invitations").json().size());
    }

    @Test
    void anInvitationCanBeDeclinedAndNobodyJoins(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        RestClient owner = admin.createAccount("host-" + suffix, PASSWORD, "user");
        RestClient guest = admin.createAccount("guest-" + suffix, PASSWORD, "viewer");
        long group = owner.postJson("/api/groups", "{\"name\": \"declined-" + suffix + "\"}").json().get("id").asLong();
        owner.putJson("/api/groups/" + group + "/members", "{\"members\": [\"GUEST-" + suffix + "\"]}");

        assertEquals(204, guest.postJson("/api/invitations/" + group + "/decline", "{}").status(), "names ignore case");
        JsonNode after = owner.get("/api/groups/" + group).json();
        assertEquals(0, after.get("invited").size());
        assertFalse(after.get("members").toString().contains("guest-"), after.toString());
    }

    @Test
    void theOwnersAnswerDoesNotTellWhetherAnAccountExists(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        RestClient owner = admin.createAccount("prober-" + suffix, PASSWORD, "user");
        admin.createAccount("real-" + suffix, PASSWORD, "user");
        long first = owner.postJson("/api/groups", "{\"name\": \"probe-a-" + suffix + "\"}").json().get("id").asLong();
        long second = owner.postJson("/api/groups", "{\"name\": \"probe-b-" + suffix + "\"}").json().get("id").asLong();

        var existing = owner.putJson("/api/groups/" + first + "/members", "{\"members\": [\"real-" + suffix + "\"]}");
        var missing = owner.putJson("/api/groups/" + second + "/members", "{\"members\": [\"ghost-" + suffix + "\"]}");

        assertEquals(existing.status(), missing.status());
        assertEquals(normalise(existing.json(), "real-"), normalise(missing.json(), "ghost-"),
                "the same answer for an account that exists and one that does not");
    }

    // The answer without what differs by construction: ids, group names, times and the invited name.
    private static String normalise(JsonNode group, String invitedPrefix) {
        return group.toString().replaceAll("\"id\":\\d+", "\"id\":0").replaceAll("\"name\":\"[^\"]*\"", "\"name\":\"\"")
                .replaceAll("\"created\":[^,}]*", "\"created\":0").replace(invitedPrefix, "x-");
    }
}
