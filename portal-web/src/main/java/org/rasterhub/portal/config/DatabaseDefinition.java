package org.rasterhub.portal.config;

import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/**
 * The embedded H2 database under the data folder. {@code MPCONFIG} resolves the system property
 * the run script sets; AUTO_SERVER is off so only this process opens the file.
 */
@DataSourceDefinition(
        name = DatabaseDefinition.JOBS_JNDI_NAME,
        className = "org.h2.jdbcx.JdbcDataSource",
        url = "jdbc:h2:file:${MPCONFIG=rasterhub.home}/db/rasterhub;DB_CLOSE_ON_EXIT=FALSE",
        user = "sa",
        password = "",
        // JobRunr commits on its own connections; a JTA-enlisted pool would refuse that.
        transactional = false,
        initialPoolSize = 1,
        minPoolSize = 1,
        maxPoolSize = 8)
@DataSourceDefinition(
        name = DatabaseDefinition.JNDI_NAME,
        className = "org.h2.jdbcx.JdbcDataSource",
        url = "jdbc:h2:file:${MPCONFIG=rasterhub.home}/db/rasterhub;DB_CLOSE_ON_EXIT=FALSE",
        user = "sa",
        password = "",
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
