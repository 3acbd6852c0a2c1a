package org.rasterhub.runner.node;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.schema.DatabaseLock;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.runner.job.RunJob;
import org.rasterhub.runner.job.RunJobIds;
import org.rasterhub.runner.job.RunLedger;

/**
 * A runner node: a JobRunr background server with no UI and no HTTP API that claims run jobs from
 * the queue in the shared database, runs them (models through DJL, rasters through GDAL) and reports
 * progress, heartbeats and outputs through the database and the blob store. Started by
 * {@code scripts/start-runner.sh}, on its own or by the portal that supervises it (embedded mode).
 *
 * <p>Exits 0 on SIGTERM (the run it was working is picked up again by the recovery) and, in embedded
 * mode, when its portal is gone: at once on the portal's H2 file, whose automatic server the
 * restarted portal must own again (the run is picked up again by the recovery, fenced by its
 * attempt); on PostgreSQL after finishing the run in hand.
 */
public final class RunnerMain {
    private static final System.Logger LOG = System.getLogger(RunnerMain.class.getName());
    /** JobRunr's shortest poll interval: a queued run starts within this many seconds. */
    private static final int POLL_SECONDS = 5;
    /** A worker that handed a run on waits this long, so that another runner's worker takes it. */
    private static final int HAND_ON_HOLD_SECONDS = 2 * POLL_SECONDS;

    private RunnerMain() {
    }

    public static void main(String[] args) throws Exception {
        RunnerSettings settings;
        try {
            settings = RunnerSettings.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            System.err.println("runner: " + e.getMessage());
            System.exit(2);
            return;
        }
        sweepWorkFoldersOfDeadRunners(settings);
        DataFolder data = new DataFolder(settings.home(), settings.workFolder()).create();
        RunnerDatabase database = new RunnerDatabase(settings);
        RunLedger ledger = new RunLedger(database, new BlobStore(data), new ModelDefinitionReader(),
                settings.name());
        RunJob job = new RunJob(ledger, database, new BlobStore(data), data, settings.gpus());
        JobActivator activator = new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type == RunJob.class ? type.cast(job) : null;
            }
        };
        RunnerRegistration registration = new RunnerRegistration(database.dataSource(), settings);
        registration.start();
        StorageProvider storage = DatabaseLock.holding(database.dataSource(), DatabaseLock.JOB_QUEUE_TABLES,
                () -> SqlStorageProviderFactory.using(database.dataSource()));
        JobRunrConfiguration.JobRunrConfigurationResult jobRunr = JobRunr.configure()
                .useJsonMapper(new JacksonJsonMapper())
                .useStorageProvider(storage)
                .useJobActivator(activator)
                .useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                        .andName(settings.name())
                        .andWorkerCount(settings.threads())
                        .andPollIntervalInSeconds(POLL_SECONDS))
                .initialize();
        BackgroundJobServer server = jobRunr.getBackgroundJobServer();
        JobScheduler scheduler = jobRunr.getJobScheduler();
        job.useQueue(new RunJob.RunnerQueue() {
            @Override
            public boolean enqueueHelpers(long runId, int attempt, int count) {
                // One runner of one thread, alone: its helpers would only run once the run is over.
                if (settings.threads() == 1 && registration.othersOnline() == 0) {
                    return false;
                }
                for (int i = 0; i < count; i++) {
                    scheduler.<RunJob>enqueue(RunJobIds.helper(runId, attempt, i), helper -> helper.help(runId));
                }
                return true;
            }

            @Override
            public void handOn(long runId, int attempts, int handOns) {
                scheduler.<RunJob>enqueue(RunJobIds.handedOn(runId, attempts, handOns), next -> next.run(runId));
                // This worker stays busy for two polls, so that it is not the one to take the job again:
                // JobRunr's queue goes to whoever polls first, and the master runner always polls first.
                try {
                    Thread.sleep(HAND_ON_HOLD_SECONDS * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        LOG.log(Level.INFO, "runner {0} started: threads={1} gpus={2} home={3} database={4}", settings.name(),
                settings.threads(), settings.gpus(), settings.home(), settings.dbUrl().replaceAll("[?;].*", ""));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registration.close();
            server.stop();
            database.close();
            stopped.countDown();
        }, "runner-shutdown"));
        exitWhenTheQueueServerStops(server);
        settings.parentPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> drainAndExit(settings, server, job)),
                () -> drainAndExit(settings, server, job)));
        stopped.await();
    }

    /**
     * JobRunr shuts its server down for good when its storage fails ("an unrecoverable error", e.g.
     * PostgreSQL restarting), and the process would then live on working nothing. Exiting instead
     * lets the supervisor (the portal, or systemd on a runner node) start a fresh runner, which waits
     * for the database; the run in hand is queued again by the portal's recovery.
     */
    private static void exitWhenTheQueueServerStops(BackgroundJobServer server) {
        Thread watchdog = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(2000);
                    if (!server.isRunning()) {
                        LOG.log(Level.ERROR, "the job queue server stopped (its database failed); exiting so that"
                                + " the supervisor starts this runner again");
                        System.exit(3);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "runner-queue-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * A killed runner of this name leaves its work folder behind; one of a process still alive
     * belongs to a runner still working (names are per machine, so are process ids).
     */
    private static void sweepWorkFoldersOfDeadRunners(RunnerSettings settings) throws java.io.IOException {
        if (!Files.isDirectory(settings.workFolders())) {
            return;
        }
        try (var folders = Files.list(settings.workFolders())) {
            for (java.nio.file.Path folder : folders.toList()) {
                String name = folder.getFileName().toString();
                boolean alive = name.matches("p\\d{1,18}")
                        && ProcessHandle.of(Long.parseLong(name.substring(1))).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    DataFolder.deleteTree(folder);
                }
            }
        }
    }

    /**
     * The portal that started this runner is gone: take no more work, finish the run in hand (its
     * result is recorded for the restarted portal to show), then exit.
     */
    private static void drainAndExit(RunnerSettings settings, BackgroundJobServer server, RunJob job) {
        if (settings.dbUrl().startsWith("jdbc:h2:")) {
            LOG.log(Level.WARNING, "runner {0}: its portal is gone; stopping now", settings.name());
            Runtime.getRuntime().halt(0);
        }
        LOG.log(Level.WARNING, "runner {0}: its portal is gone; finishing the run in hand, then stopping",
                settings.name());
        // Not JobRunr's pauseProcessing: it interrupts the worker mid-run.
        job.drain();
        while (job.busy() > 0) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.exit(0);
    }
}
