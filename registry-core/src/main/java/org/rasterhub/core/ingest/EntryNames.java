package org.rasterhub.core.ingest;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Rules for the names of entries inside a package: plain relative paths that stay inside it. */
final class EntryNames {
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");
    private static final Path PACKAGE_ROOT = Path.of("/package-root");

    private EntryNames() {
    }

    /** The name with Windows separators turned into '/', as stored and shown. */
    static String normalise(String rawName) {
        return rawName.replace('\\', '/');
    }

    /**
     * What makes two names "the same file" on some file system: case, Unicode normalisation form
     * and separator style are ignored.
     */
    static String identity(String rawName) {
        String name = Normalizer.normalize(normalise(rawName), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    /** The problem with a name, if any: traversal, absolute, control characters, over-long segments. */
    static Optional<Finding> check(String rawName, int maxSegmentLength) {
        String shown = shown(rawName);
        if (rawName.isEmpty()) {
            return unsafe(shown, "an entry has an empty name");
        }
        for (int i = 0; i < rawName.length(); i++) {
            char c = rawName.charAt(i);
            if (Character.isISOControl(c)) {
                return unsafe(shown, String.format("the name contains the control character U+%04X; nothing was "
                        + "extracted", (int) c));
            }
        }
        String name = normalise(rawName);
        if (name.startsWith("/") || DRIVE_LETTER.matcher(name).matches()) {
            return unsafe(shown, "absolute path; entries must be relative to the package root; nothing was extracted");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return unsafe(shown, "entry path leaves the package root; nothing was extracted");
            }
            if (segment.length() > maxSegmentLength) {
                return Optional.of(Finding.of(RejectionReason.ENTRY_NAME_TOO_LONG, shown,
                        "a name segment has " + segment.length() + " characters; the limit is " + maxSegmentLength));
            }
        }
        // Belt and braces: resolve against a root and compare paths, never string prefixes.
        try {
            Path resolved = PACKAGE_ROOT.resolve(name).normalize();
            if (!resolved.startsWith(PACKAGE_ROOT) || resolved.equals(PACKAGE_ROOT)) {
                return unsafe(shown, "entry path does not name a file inside the package; nothing was extracted");
            }
        } catch (InvalidPathException e) {
            return unsafe(shown, "not a valid path (" + e.getReason() + ")");
        }
        return Optional.empty();
    }

    /** A name fit for a message: control characters made visible, cut to ~80 characters. */
    static String shown(String rawName) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rawName.length() && out.length() < 80; i++) {
            char c = rawName.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.length() >= 80 && rawName.length() > 80 ? out + "..." : out.toString();
    }

    private static Optional<Finding> unsafe(String shown, String message) {
        return Optional.of(Finding.of(RejectionReason.UNSAFE_ENTRY_NAME, shown, message));
    }
}
