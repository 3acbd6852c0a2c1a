package org.rasterhub.portal.run;

import org.rasterhub.runner.job.RunJob;
import org.rasterhub.runner.job.RunJobIds;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.rasterhub.core.schema.DatabaseLock;
import org.rasterhub.portal.config.DatabaseDefinition;

/**
 * Durable run jobs on JobRunr, stored in the portal's own database, H2 or PostgreSQL (JobRunr picks
 * its storage for the database, and creates and migrates its {@code jobrunr_*} tables itself). The
 * portal only queues them: runner processes ({@code org.rasterhub.runner.node.RunnerMain}, one
 * supervised by the portal in embedded mode, any number in a cluster) work them. A job queued before
 * a crash is picked up after the restart.
 *
 * <p>A run whose server stopped mid-run (its heartbeat went silent) is put back in the queue and
 * starts over on whichever server picks it up: checked at start and every half minute.
 */
@ApplicationScoped
public class JobQueue {
    private static final System.Logger LOG = System.getLogger(JobQueue.class.getName());
    /**
     * A running run silent this long lost its server: several heartbeats missed. System property
     * {@code rasterhub.runSilenceSeconds} (at least two heartbeats), for tests of many restarts.
     */
    static final Duration SILENCE = Duration.ofSeconds(Math.max(RunJob.HEARTBEAT_SECONDS * 2 + 1,
            Long.getLong("rasterhub.runSilenceSeconds", RunJob.HEARTBEAT_SECONDS * 4 + 5)));
    /** How often silent runs are looked for (system property {@code rasterhub.runRecoverySeconds}). */
    private static final long RECOVERY_SECONDS = Math.max(1, Long.getLong("rasterhub.runRecoverySeconds", 30));
    /** A run queued this long is checked for a job (it has one unless a server stopped at the wrong moment). */
    static final Duration UNQUEUED = Duration.ofSeconds(Math.max(1, Long.getLong("rasterhub.runUnqueuedSeconds", 30)));
    /** Jobs a queued run may lose before it fails. */
    static final int JOB_GENERATIONS = 3;

    @Resource(lookup = DatabaseDefinition.JOBS_JNDI_NAME)
    private DataSource dataSource;

    private JobScheduler scheduler;
    private StorageProvider storage;
    private ScheduledExecutorService recovery;

    @Inject
    RunStore store;

    /**
     * Opens the queue (no background server: the portal never runs a job); called once at startup,
     * after the migrations and before the embedded runner starts.
     */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        try {
            storage = DatabaseLock.holding(dataSource, DatabaseLock.JOB_QUEUE_TABLES,
                    () -> SqlStorageProviderFactory.using(dataSource));
        } catch (Exception e) {
            throw new IllegalStateException("could not open the run queue: " + e.getMessage(), e);
        }
        scheduler = JobRunr.configure()
                .useJsonMapper(new JacksonJsonMapper())
                .useStorageProvider(storage)
                .initialize()
                .getJobScheduler();
        LOG.log(Level.INFO, "run queue open; runner processes work it");
        recovery = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "run-recovery"));
        recovery.scheduleWithFixedDelay(this::recover, 0, RECOVERY_SECONDS, TimeUnit.SECONDS);
    }

    /** Queues a new run's job; it is in the database when this returns. */
    public void enqueue(long runId) {
        enqueue(runId, jobId(runId, 0, 0));
    }

    // JobRunr skips the call when a job of this id exists already.
    private void enqueue(long runId, UUID jobId) {
        scheduler.<RunJob>enqueue(jobId, job -> job.run(runId));
    }

    /**
     * The id of a run's job: one per run, attempts so far and generation, so that queueing it again is
     * a no-op for JobRunr (it skips a job whose id exists) and the recovery may re-queue freely.
     */
    static UUID jobId(long runId, int attempts, int generation) {
        return RunJobIds.run(runId, attempts, generation);
    }

    private void recover() {
        try {
            // A run that has had its last attempt fails there instead (InferenceRun.MAX_ATTEMPTS).
            for (RunStore.Waiting run : store.requeueInterrupted(SILENCE)) {
                LOG.log(Level.WARNING, "run {0} lost its server mid-run; queued again to start over", run.id());
                enqueue(run.id(), jobId(run.id(), run.attempts(), 0));
            }
            for (RunStore.Waiting run : store.waitingLongerThan(UNQUEUED)) {
                ensureJob(run);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not check for interrupted runs: " + e.getMessage());
        }
    }

    /**
     * A queued run has a job waiting for a worker, or gets one: its submission committed but the
     * server stopped before queueing the job, or the job was taken by a worker whose server died
     * before the run started (JobRunr then fails the job, and does not retry it). Each lost job is
     * replaced by the next generation; a run that lost {@value #JOB_GENERATIONS} fails with the reason.
     */
    private void ensureJob(RunStore.Waiting run) {
        if (run.handOns() > 0 && handedOnJobWaits(run)) {
            return;
        }
        for (int generation = 0; generation < JOB_GENERATIONS; generation++) {
            UUID id = jobId(run.id(), run.attempts(), generation);
            StateName state;
            try {
                state = storage.getJobById(id).getState();
            } catch (JobNotFoundException missing) {
                LOG.log(Level.WARNING, "run {0} was queued without a job; queueing it now", run.id());
                enqueue(run.id(), id);
                return;
            }
            if (state != StateName.FAILED && state != StateName.DELETED && state != StateName.SUCCEEDED) {
                return; // waiting for a worker, or being worked
            }
        }
        store.failWaiting(run, "its queued work was lost " + JOB_GENERATIONS + " times before it started (the"
                + " server stopped each time); retry it");
    }

    /**
     * A run handed on by a runner that could not run it (GPU routing) waits for the job that runner
     * queued; queued again here if the runner stopped before queueing it. A handed-on job that ended
     * with the run still queued was lost like any other: the generations below replace it.
     */
    private boolean handedOnJobWaits(RunStore.Waiting run) {
        UUID id = RunJobIds.handedOn(run.id(), run.attempts(), run.handOns());
        try {
            StateName state = storage.getJobById(id).getState();
            return state != StateName.FAILED && state != StateName.DELETED && state != StateName.SUCCEEDED;
        } catch (JobNotFoundException missing) {
            scheduler.<RunJob>enqueue(id, job -> job.run(run.id()));
            return true;
        }
    }

    @PreDestroy
    void stop() {
        if (recovery != null) {
            recovery.shutdownNow();
        }
        if (scheduler != null) {
            JobRunr.destroy();
        }
    }
}
