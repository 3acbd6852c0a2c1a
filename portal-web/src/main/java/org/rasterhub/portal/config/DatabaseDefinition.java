package org.rasterhub.portal.config;

import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/**
 * The database: the embedded H2 file under the data folder by default (AUTO_SERVER off, so only this
 * process opens it), or PostgreSQL for a cluster. {@code scripts/start-portal.sh} turns
 * {@code RASTERHUB_DB_URL} and {@code RASTERHUB_DB_USER} into the system properties read here (with
 * the H2 defaults when unset); the password is read from {@code RASTERHUB_DB_PASSWORD} in the
 * environment, never from the command line.
 */
@DataSourceDefinition(
        name = DatabaseDefinition.JOBS_JNDI_NAME,
        className = "${rasterhub.db.class}",
        url = "${MPCONFIG=rasterhub.db.url}",
        user = "${MPCONFIG=rasterhub.db.user}",
        password = "${ENV=RASTERHUB_DB_PASSWORD}",
        // JobRunr commits on its own connections; a JTA-enlisted pool would refuse that.
        transactional = false,
        initialPoolSize = 1,
        minPoolSize = 1,
        maxPoolSize = 8)
@DataSourceDefinition(
        name = DatabaseDefinition.JNDI_NAME,
        className = "${rasterhub.db.class}",
        url = "${MPCONFIG=rasterhub.db.url}",
        user = "${MPCONFIG=rasterhub.db.user}",
        password = "${ENV=RASTERHUB_DB_PASSWORD}",
        initialPoolSize = 2,
        minPoolSize = 2,
        maxPoolSize = 16)
@ApplicationScoped
public class DatabaseDefinition {
    public static final String JNDI_NAME = "java:app/jdbc/rasterhub";
    /** The same database, without JTA, for the job queue. */
    public static final String JOBS_JNDI_NAME = "java:app/jdbc/rasterhub-jobs";

    /** The same pool, for plain JDBC users such as the schema migrator. */
    @Produces
    @Resource(lookup = JNDI_NAME)
    private DataSource dataSource;
}
