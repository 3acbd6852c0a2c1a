/**
 * Who may do what: local accounts with slow salted password hashes, sign-in for the browser
 * (Vaadin session) and HTTP Basic for the REST API, both checked by {@link
 * org.rasterhub.portal.security.AccountService}.
 */
package org.rasterhub.portal.security;
