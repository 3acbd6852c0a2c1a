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
import org.rasterhub.runner.job.Transactions;

/**
 * The runner's view of the portal's database: a plain data source (no pool: H2's automatic server
 * mode hands the file to whichever process is left, and a pooled connection to a process that died
 * would fail its next use) and Hibernate over the catalog and run entities of the core. The schema is
 * the portal's (its migrations); the runner never changes it.
 */
public final class RunnerDatabase implements Transactions, AutoCloseable {
    private static final List<Class<?>> ENTITIES = List.of(CatalogItem.class, ItemVersion.class, PackageFile.class,
            ClassEntry.class, RasterItem.class, InferenceRun.class, FeatureItem.class, LayerItem.class);

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

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = entities.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    @Override
    public void close() {
        entities.close();
    }
}
