package org.rasterhub.core.catalog;

import java.util.regex.Pattern;

/** A version alias such as "production": lower-case letters, digits, '-' and '_', starting with a letter. */
public record AliasName(String value) {
    public static final int MAX_LENGTH = 40;
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_-]{0," + (MAX_LENGTH - 1) + "}");

    public AliasName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("an alias is 1 to " + MAX_LENGTH + " lower-case letters, digits, "
                    + "'-' or '_', starting with a letter, such as \"production\"; found \""
                    + (value == null ? "" : value.length() > 60 ? value.substring(0, 60) + "..." : value) + "\"");
        }
    }
}
