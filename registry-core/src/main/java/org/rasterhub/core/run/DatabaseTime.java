package org.rasterhub.core.run;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/**
 * The database's clock, one for every node: run heartbeats are written and judged by it, so a
 * runner whose machine clock runs ahead or behind the portal's is neither requeued early nor missed.
 */
public final class DatabaseTime {
    private DatabaseTime() {
    }

    public static Instant now(EntityManager em) {
        Object now = em.createNativeQuery("SELECT CURRENT_TIMESTAMP").getSingleResult();
        if (now instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (now instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (now instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (now instanceof Instant instant) {
            return instant;
        }
        throw new IllegalStateException("the database answered CURRENT_TIMESTAMP with a " + now.getClass().getName());
    }
}
