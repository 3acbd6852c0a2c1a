package org.rasterhub.core.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The SHA-256 of a blob's bytes, as 64 lower-case hex digits. */
public record ContentHash(String hex) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ContentHash {
        if (hex == null || !SHA256_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + hex);
        }
    }

    public static ContentHash of(MessageDigest finishedSha256) {
        return new ContentHash(HexFormat.of().formatHex(finishedSha256.digest()));
    }

    /** Hashes a file's bytes. */
    public static ContentHash ofFile(java.nio.file.Path file) throws java.io.IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return of(digest);
    }

    /** A fresh SHA-256 digest; every JVM has one, so absence is a broken runtime, not an input error. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return hex;
    }
}
