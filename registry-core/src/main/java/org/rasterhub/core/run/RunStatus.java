package org.rasterhub.core.run;

/** Where a run stands. A run moves QUEUED → RUNNING → SUCCEEDED, FAILED or CANCELLED, never back. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
