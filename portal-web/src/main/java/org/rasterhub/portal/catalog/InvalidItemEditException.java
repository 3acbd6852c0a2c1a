package org.rasterhub.portal.catalog;

/** An edit of an item was refused; the message starts with the field ("title: …"). */
public final class InvalidItemEditException extends RuntimeException {
    public InvalidItemEditException(String message) {
        super(message);
    }

    /** The field the message names. */
    public String field() {
        int colon = getMessage().indexOf(':');
        return colon > 0 ? getMessage().substring(0, colon) : "item";
    }
}
