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

    /** The same pool, for plain JDBC users such as the schema migrator. */
    @Produces
    @Resource(lookup = JNDI_NAME)
    private DataSource dataSource;
}
