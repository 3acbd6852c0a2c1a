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
        maxPoolSize = 8,
        properties = {DatabaseDefinition.VALIDATE, DatabaseDefinition.VALIDATE_WITH, DatabaseDefinition.VALIDATOR,
                DatabaseDefinition.FAIL_ALL})
@DataSourceDefinition(
        name = DatabaseDefinition.JNDI_NAME,
        className = "${rasterhub.db.class}",
        url = "${MPCONFIG=rasterhub.db.url}",
        user = "${MPCONFIG=rasterhub.db.user}",
        password = "${ENV=RASTERHUB_DB_PASSWORD}",
        initialPoolSize = 2,
        minPoolSize = 2,
        maxPoolSize = 16,
        properties = {DatabaseDefinition.VALIDATE, DatabaseDefinition.VALIDATE_WITH, DatabaseDefinition.VALIDATOR,
                DatabaseDefinition.FAIL_ALL})
@ApplicationScoped
public class DatabaseDefinition {
    public static final String JNDI_NAME = "java:app/jdbc/rasterhub";
    // Every connection is checked (Connection.isValid) before it is handed out, and one found dead
    // empties the pool: after PostgreSQL restarts, the pools would otherwise hand out cut connections
    // for ever (DatabaseRestartIT).
    static final String VALIDATE = "fish.payara.is-connection-validation-required=true";
    static final String VALIDATE_WITH = "fish.payara.connection-validation-method=custom-validation";
    static final String VALIDATOR =
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation";
    static final String FAIL_ALL = "fish.payara.fail-all-connections=true";

    /** The same database, without JTA, for the job queue. */
    public static final String JOBS_JNDI_NAME = "java:app/jdbc/rasterhub-jobs";

    /** The same pool, for plain JDBC users such as the schema migrator. */
    @Produces
    @Resource(lookup = JNDI_NAME)
    private DataSource dataSource;
}
