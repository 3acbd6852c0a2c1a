package org.rasterhub.core.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Brings a database, H2 or PostgreSQL, to the newest schema with Flyway: each migration in its own
 * transaction, recorded in {@code flyway_schema_history} with a checksum, under Flyway's lock, so
 * that portal and runner nodes starting together on one PostgreSQL database take turns instead of
 * racing. A database migrated by RasterHub's earlier migrator (table {@code schema_history}) is
 * taken over at the version it reached.
 */
public final class SchemaMigrator {
    private static final System.Logger LOG = System.getLogger(SchemaMigrator.class.getName());

    /**
     * The migrations in order. Listed here rather than found by scanning the class path, which
     * application servers expose in incompatible ways; a test checks this list against {@code sql/}.
     */
    public static final List<String> MIGRATIONS = List.of(
            "V1__accounts_and_catalog.sql",
            "V2__package_members_and_warnings.sql",
            "V3__item_aliases.sql",
            "V4__file_assessments.sql",
            "V5__imagery_and_runs.sql",
            "V6__run_inputs_outputs_and_features.sql",
            "V7__server_folder_rasters.sql",
            "V8__sharing_groups_tokens.sql",
            "V9__search_index.sql",
            "V10__layer_items.sql",
            "V11__search_change_log.sql",
            "V12__account_disabled.sql",
            "V13__account_name_ignoring_case.sql",
            "V14__group_invitations.sql",
            "V15__layer_thumbnails.sql",
            "V16__model_contracts.sql",
            "V17__run_row_version.sql",
            "V18__run_node.sql",
            "V19__runner_node.sql",
            "V20__run_telemetry.sql",
            "V21__run_work_units.sql",
            "V22__run_hand_ons.sql");

    static final String RESOURCE_FOLDER = "/org/rasterhub/sql/";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([a-z0-9_]+)\\.sql");

    private final DataSource dataSource;

    public SchemaMigrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Applies the migrations not yet applied.
     *
     * @return how many were applied now
     * @throws IllegalStateException if an applied migration was changed since, or one fails
     */
    public int migrate() {
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(dataSource)
                .resourceProvider(new ListedMigrations())
                .validateMigrationNaming(true);
        OptionalInt earlier = earlierMigratorVersion();
        try {
            Flyway flyway;
            if (earlier.isPresent() && !hasTable("flyway_schema_history")) {
                // Taken over once: Flyway's history starts at the version the earlier migrator reached. (No
                // apostrophe in the description: Flyway 13 then silently drops the baseline row on H2.)
                flyway = configuration.baselineVersion(Integer.toString(earlier.getAsInt()))
                        .baselineDescription("applied by the earlier RasterHub migrator (schema_history)").load();
                flyway.baseline();
            } else {
                flyway = configuration.load();
            }
            int applied = flyway.migrate().migrationsExecuted;
            LOG.log(Level.INFO, "schema migrations applied={0}", applied);
            return applied;
        } catch (FlywayValidateException e) {
            throw new IllegalStateException("an applied migration was changed after it was applied; add a new"
                    + " migration instead of editing an applied one (" + e.getMessage().strip() + ")", e);
        } catch (FlywayException e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }

    private boolean hasTable(String name) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet ignored = statement.executeQuery("SELECT 1 FROM \"" + name + "\" WHERE 1 = 0")) {
            return true;
        } catch (SQLException noSuchTable) {
            return false;
        }
    }

    // The highest version the migrator before Flyway recorded, if this database has its table.
    private OptionalInt earlierMigratorVersion() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_history")) {
            return rows.next() && rows.getObject(1) != null ? OptionalInt.of(rows.getInt(1)) : OptionalInt.empty();
        } catch (SQLException noSuchTable) {
            return OptionalInt.empty();
        }
    }

    /** The listed migrations, read from this module's resources. */
    private static final class ListedMigrations implements ResourceProvider {
        @Override
        public LoadableResource getResource(String name) {
            return MIGRATIONS.contains(name) ? load(name) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> resources = new ArrayList<>();
            for (String name : MIGRATIONS) {
                if (name.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(name::endsWith)) {
                    resources.add(load(name));
                }
            }
            return resources;
        }
    }

    static Migration load(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("migration file name must look like V2__add_runs.sql: " + name);
        }
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " is listed but not packaged");
            }
            return new Migration(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }

    /** One migration script, held in memory. */
    static final class Migration extends LoadableResource {
        private final String name;
        private final String script;

        Migration(String name, String script) {
            this.name = name;
            this.script = script;
        }

        @Override
        public Reader read() {
            return new StringReader(script);
        }

        @Override
        public String getAbsolutePath() {
            return RESOURCE_FOLDER.substring(1) + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return null;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
