package org.rasterhub.portal.layer;

/** No layer has this id, or the caller may not see it: the two are answered alike. */
public final class LayerNotFoundException extends RuntimeException {
    public LayerNotFoundException(String id) {
        super("no layer with id " + (id.length() > 40 ? id.substring(0, 40) + "..." : id));
    }
}
