package org.rasterhub.portal.security;

/** A token just created: {@code token} is shown this once and cannot be read back later. */
public record CreatedToken(String token, TokenInfo info) {
}
