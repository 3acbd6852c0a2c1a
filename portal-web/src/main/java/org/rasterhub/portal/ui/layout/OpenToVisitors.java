package org.rasterhub.portal.ui.layout;

/**
 * Marks a view that visitors who have not signed in may open; it must show them public items only
 * (services answer for an anonymous {@link org.rasterhub.portal.security.Caller} accordingly).
 */
public interface OpenToVisitors {
}
