package org.rasterhub.runner.job;

import jakarta.persistence.OptimisticLockException;
import java.util.function.Supplier;
import org.hibernate.StaleStateException;

/**
 * Writes to a run that another transaction may have written first (optimistic locking: the worker's
 * progress every second, the heartbeat, a cancel). Such a write fails at commit rather than undo the
 * other; where it must not fail for that, it reads the run again and writes again, a few times.
 */
public final class WriteConflicts {
    private static final int TRIES = 5;

    private WriteConflicts() {
    }

    /** Runs {@code write}, each in a transaction of its own, again while another write came first. */
    public static <T> T retrying(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (attempt == TRIES || !writtenMeanwhile(e)) {
                    throw e;
                }
            }
        }
    }

    public static void retrying(Runnable write) {
        retrying(() -> {
            write.run();
            return null;
        });
    }

    static boolean writtenMeanwhile(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }
}
