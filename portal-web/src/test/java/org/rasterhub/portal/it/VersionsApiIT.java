package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Versions, aliases and verified downloads through the REST API of the real portal. */
@ExtendWith(PortalExtension.class)
class VersionsApiIT {

    @Test
    void versionsAccumulateAndAliasesPointAndMove(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        byte[] first = aPackage().bytes();
        byte[] second = aPackage().withFile("CHANGELOG.txt", "more epochs").bytes();
        long id = api.upload("Versioned.dlpk", first).json().get("id").asLong();

        var added = api.upload("/api/items/" + id + "/versions", "Versioned_v2.dlpk", second);
        assertEquals(201, added.status(), added.body());
        assertEquals(2, added.json().get("version").asInt());
        assertTrue(added.location().endsWith("/api/items/" + id + "/versions/2"), added.location());

        assertEquals(200, api.putJson("/api/items/" + id + "/aliases/production", "{\"version\": 1}").status());
        JsonNode versions = api.get("/api/items/" + id + "/versions").json();
        assertEquals(List.of("1", "2"), versions.findValuesAsText("number"));
        assertEquals("production", versions.get(0).get("aliases").get(0).asText());

        JsonNode production = api.get("/api/items/" + id + "/versions/production").json();
        assertEquals(1, production.get("version").asInt());
        assertEquals(2, production.get("latestVersion").asInt());
        assertArrayEquals(first, api.download("/api/items/" + id + "/versions/production/package", 200));

        api.putJson("/api/items/" + id + "/aliases/production", "{\"version\": 2}");
        assertArrayEquals(second, api.download("/api/items/" + id + "/versions/production/package", 200),
                "the alias moved to version 2");
        assertEquals(204, api.delete("/api/items/" + id + "/aliases/production").status());
        assertEquals(404, api.get("/api/items/" + id + "/versions/production").status());
    }

    @Test
    void badAliasesAndMissingVersionsGetClearErrors(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long id = api.upload("Aliased.dlpk", aPackage().bytes()).json().get("id").asLong();

        var badName = api.putJson("/api/items/" + id + "/aliases/Prod%20One", "{\"version\": 1}");
        assertEquals(422, badName.status());
        assertEquals("invalid_alias", badName.json().get("error").asText());

        var missing = api.putJson("/api/items/" + id + "/aliases/production", "{\"version\": 9}");
        assertEquals(404, missing.status());
        assertEquals("version_not_found", missing.json().get("error").asText());

        var noBody = api.putJson("/api/items/" + id + "/aliases/production", "{\"versoin\": 1}");
        assertEquals(422, noBody.status());
        assertEquals("invalid_json", noBody.json().get("error").asText());

        assertEquals(404, api.upload("/api/items/987654/versions", "x.dlpk", aPackage().bytes()).status());
    }

    @Test
    void aPackageDamagedOnDiskIsRefusedInsteadOfServed(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        byte[] bytes = aPackage().withFile("unique.txt", "damage me " + System.nanoTime()).bytes();
        JsonNode item = api.upload("Damaged.dlpk", bytes).json();
        String sha = item.get("sha256").asText();
        Path blob = portal.blob(sha);

        byte[] stored = Files.readAllBytes(blob);
        stored[stored.length / 2] ^= 0x01;
        Files.write(blob, stored);

        byte[] body = api.download("/api/items/" + item.get("id").asLong() + "/versions/1/package", 409);
        String message = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(message.contains("corrupt_package") && message.contains(sha), message);
    }
}
