package org.rasterhub.portal.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.rasterhub.core.schema.SchemaMigrator;
import org.rasterhub.runner.engine.InferenceModels;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.portal.catalog.search.CatalogSearchEngine;
import org.rasterhub.portal.catalog.search.SearchIndex;
import org.rasterhub.portal.run.JobQueue;
import org.rasterhub.portal.security.AccountService;

/**
 * Runs once when the application starts, before any request: the data folder, the schema, the
 * first admin account. A failure here fails the deployment, which the run script reports.
 */
@ApplicationScoped
public class PortalStartup {
    private static final System.Logger LOG = System.getLogger(PortalStartup.class.getName());

    private final DataSource dataSource;
    private final DataFolder dataFolder;
    private final AccountService accounts;
    private final JobQueue jobs;
    @Inject
    org.rasterhub.portal.runners.EmbeddedRunner embeddedRunner;
    private final CatalogSearchEngine searchEngine;
    private final org.rasterhub.portal.catalog.UnusedBlobs unusedBlobs;

    @Inject
    public PortalStartup(DataSource dataSource, DataFolder dataFolder, AccountService accounts, JobQueue jobs,
                         CatalogSearchEngine searchEngine, org.rasterhub.portal.catalog.UnusedBlobs unusedBlobs) {
        this.unusedBlobs = unusedBlobs;
        this.dataSource = dataSource;
        this.dataFolder = dataFolder;
        this.accounts = accounts;
        this.jobs = jobs;
        this.searchEngine = searchEngine;
    }

    protected PortalStartup() {
        this(null, null, null, null, null, null); // for the CDI proxy only
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        org.rasterhub.portal.api.ClientAbortLogFilter.install();
        sweepStagingFiles();
        int applied = new SchemaMigrator(dataSource).migrate();
        indexItemsForSearch();
        searchEngine.start(); // loads the memory index in the background; SQL answers searches until then
        createInitialAdmin();
        try {
            // libtorch unpacks ~430 MB on first use: into the data folder, not the home directory.
            InferenceModels.useCacheFolder(dataFolder.root().resolve("cache").resolve("djl"));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot create the engine cache in " + dataFolder.root(), e);
        }
        jobs.start();
        embeddedRunner.start();
        try {
            unusedBlobs.start();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot restore the blob store's trash in " + dataFolder.root(), e);
        }
        LOG.log(Level.INFO, "RasterHub started home={0} migrationsApplied={1}", dataFolder.root(), applied);
    }

    /**
     * The first start's {@code admin} account. Two nodes of a cluster starting on a new database
     * together both try; the one whose commit loses finds the other's account and goes on.
     */
    private void createInitialAdmin() {
        java.util.Optional<String> generated;
        try {
            generated = accounts.createInitialAdminIfNone(System.getenv("RASTERHUB_ADMIN_PASSWORD"));
        } catch (RuntimeException e) {
            if (!accounts.anyAccount()) {
                throw e;
            }
            LOG.log(Level.INFO, "another node created the initial administrator account meanwhile");
            return;
        }
        // Printed to standard output once committed, rather than logged, so it is not kept in log files.
        generated.ifPresent(password -> System.out.println("""

                ==========================================================
                 RasterHub initial administrator (shown only this once):
                   user:     admin
                   password: %s
                ==========================================================
                """.formatted(password)));
    }

    /** Items made before the search index existed, or by an older version, get their entries. */
    private void indexItemsForSearch() {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            SearchIndex.indexMissing(connection);
            SearchIndex.syncFacts(connection);
            connection.commit();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot fill the search index: " + e.getMessage(), e);
        }
    }

    /** Staging folders of uploads cut off by a crash or kill are garbage by the next start. */
    private void sweepStagingFiles() {
        try (Stream<Path> staged = Files.list(dataFolder.tmp())) {
            for (Path upload : staged.toList()) {
                DataFolder.deleteTree(upload);
                LOG.log(Level.INFO, "removed staging files of an interrupted upload: {0}", upload.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dataFolder.tmp(), e);
        }
    }
}
