package org.rasterhub.core.run;

/** Where a run stands. A run moves QUEUED → RUNNING → SUCCEEDED or FAILED, never back. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
