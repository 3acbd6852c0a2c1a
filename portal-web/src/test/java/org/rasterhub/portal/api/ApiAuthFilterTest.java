package org.rasterhub.portal.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ApiAuthFilterTest {

    @Test
    void readsUserAndPasswordWhichMayContainColons() {
        String header = "Basic " + Base64.getEncoder().encodeToString("ana:pa:ss wörd".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new String[] {"ana", "pa:ss wörd"}, ApiAuthFilter.credentials(header).orElseThrow());
    }

    @Test
    void ignoresOtherSchemesAndMalformedHeaders() {
        assertTrue(ApiAuthFilter.credentials(null).isEmpty());
        assertTrue(ApiAuthFilter.credentials("Bearer abc").isEmpty());
        assertTrue(ApiAuthFilter.credentials("Basic %%%not-base64").isEmpty());
        assertTrue(ApiAuthFilter.credentials("Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()))
                .isEmpty());
        assertTrue(ApiAuthFilter.credentials("Basic " + Base64.getEncoder().encodeToString(":empty-user".getBytes()))
                .isEmpty());
    }
}
