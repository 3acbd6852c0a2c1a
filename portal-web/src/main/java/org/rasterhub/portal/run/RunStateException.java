package org.rasterhub.portal.run;

/** The run is not in a state that allows this (cancel a finished run, retry a running one). */
public final class RunStateException extends RuntimeException {
    public RunStateException(String message) {
        super(message);
    }
}
