package org.rasterhub.portal.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void theRightPasswordMatchesAndAWrongOneDoesNot() {
        String stored = hasher.hash("correct horse".toCharArray());
        assertTrue(hasher.matches("correct horse".toCharArray(), stored));
        assertFalse(hasher.matches("correct horse ".toCharArray(), stored));
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeAndNeverInClear() {
        String first = hasher.hash("secret".toCharArray());
        assertNotEquals(first, hasher.hash("secret".toCharArray()), "a random salt per hash");
        assertFalse(first.contains("secret"));
        assertTrue(first.startsWith("pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$"), first);
    }

    @Test
    void aMalformedStoredHashNeverMatches() {
        assertFalse(hasher.matches("x".toCharArray(), "plain-text-password"));
        assertFalse(hasher.matches("x".toCharArray(), "md5$1$abc$def"));
    }
}
