package org.rasterhub.core.ingest;

/**
 * Told how far a long piece of work has got. The UI implements it with a push to the browser, the
 * runner with a log line; the core never learns who is watching. Implementations must be cheap.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = (stage, done, total) -> { };

    /**
     * @param stage what is being done, for people ("storing", "checking the model definition")
     * @param done  units done so far
     * @param total units in all, or -1 when unknown
     */
    void update(String stage, long done, long total);
}
