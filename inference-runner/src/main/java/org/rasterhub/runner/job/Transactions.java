package org.rasterhub.runner.job;

import jakarta.persistence.EntityManager;
import java.util.function.Function;

/** Runs work in a database transaction of its own, committed when the work returns. */
@FunctionalInterface
public interface Transactions {

    /**
     * @throws RuntimeException what the work threw, or the commit's failure (an optimistic lock
     *         conflict among them; see {@link WriteConflicts}), after rolling back
     */
    <T> T inTransaction(Function<EntityManager, T> work);

    default void run(java.util.function.Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }
}
