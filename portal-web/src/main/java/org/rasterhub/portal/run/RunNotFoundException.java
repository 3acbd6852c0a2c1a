package org.rasterhub.portal.run;

/** No run has this id. */
public final class RunNotFoundException extends RuntimeException {
    public RunNotFoundException(String id) {
        super("no run with id " + (id.length() > 40 ? id.substring(0, 40) + "..." : id));
    }
}
