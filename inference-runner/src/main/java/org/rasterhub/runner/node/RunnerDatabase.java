package org.rasterhub.runner.node;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ClassEntry;
import org.rasterhub.core.catalog.ItemVersion;
import org.rasterhub.core.catalog.PackageFile;
import org.rasterhub.core.layer.LayerItem;
import org.rasterhub.core.run.FeatureItem;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.run.RasterItem;
import org.rasterhub.core.run.RunUnit;
import org.rasterhub.runner.job.Transactions;

/**
 * The runner's view of the portal's database: a plain data source (no pool: H2's automatic server
 * mode hands the file to whichever process is left, and a pooled connection to a process that died
 * would fail its next use) and Hibernate over the catalog and run entities of the core. The schema is
 * the portal's (its migrations); the runner never changes it.
 */
public final class RunnerDatabase implements Transactions, AutoCloseable {
    private static final List<Class<?>> ENTITIES = List.of(CatalogItem.class, ItemVersion.class, PackageFile.class,
            ClassEntry.class, RasterItem.class, InferenceRun.class, RunUnit.class, FeatureItem.class, LayerItem.class);

    private static final System.Logger LOG = System.getLogger(RunnerDatabase.class.getName());
    private static final int RECONNECT_TRIES = 6;

    private final DataSource dataSource;
    private final EntityManagerFactory entities;

    public RunnerDatabase(RunnerSettings settings) {
        this.dataSource = dataSource(settings);
        Configuration configuration = new Configuration();
        ENTITIES.forEach(configuration::addAnnotatedClass);
        var registry = new StandardServiceRegistryBuilder()
                .applySettings(configuration.getProperties())
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                .build();
        this.entities = configuration.buildSessionFactory(registry);
    }

    static DataSource dataSource(RunnerSettings settings) {
        String url = settings.dbUrl();
        if (url.startsWith("jdbc:postgresql:")) {
            org.postgresql.ds.PGSimpleDataSource postgres = new org.postgresql.ds.PGSimpleDataSource();
            postgres.setUrl(url);
            postgres.setUser(settings.dbUser());
            postgres.setPassword(settings.dbPassword());
            return postgres;
        }
        if (url.startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(url);
            h2.setUser(settings.dbUser());
            h2.setPassword(settings.dbPassword());
            return h2;
        }
        throw new IllegalArgumentException("the runner's database must be PostgreSQL (jdbc:postgresql://...) or the"
                + " portal's H2 file (jdbc:h2:...)");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs the work in a transaction; one that failed because the database was out of reach (a
     * PostgreSQL restart, a network blip) is run again after 1, 2, 4, 8 and 16 s. A write whose commit
     * reached the database before the connection broke is fenced the second time round: the run has
     * moved on, and {@code StaleAttemptException} says so.
     */
    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        long backoffMillis = 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (RuntimeException e) {
                if (attempt == RECONNECT_TRIES || !unreachable(e)) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "database out of reach ({0}); trying again in {1} ms",
                        e.getMessage(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMillis *= 2;
            }
        }
    }

    /** A connection that could not be made or broke: SQLSTATE class 08, or PostgreSQL shutting down (57P). */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private <T> T once(Function<EntityManager, T> work) {
        EntityManager em = entities.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            try {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
            } catch (RuntimeException rollbackFailed) {
                // The connection is gone; the database rolls the transaction back itself.
            }
            em.close();
        }
    }

    @Override
    public void close() {
        entities.close();
    }
}
