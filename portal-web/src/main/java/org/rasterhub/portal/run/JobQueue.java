package org.rasterhub.portal.run;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import java.lang.System.Logger.Level;
import javax.sql.DataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.sql.h2.H2StorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.rasterhub.portal.config.DatabaseDefinition;

/**
 * Durable run jobs on JobRunr, stored in the portal's own database (JobRunr creates and migrates its
 * {@code jobrunr_*} tables itself), worked by a background server in this process. A job queued
 * before a crash is picked up after the restart. PostgreSQL and several runner nodes later use the
 * same queue.
 */
@ApplicationScoped
public class JobQueue {
    private static final System.Logger LOG = System.getLogger(JobQueue.class.getName());
    /** Runs are CPU-bound and ONNX Runtime uses every core itself: one at a time per node. */
    static final int WORKERS = 1;
    /** JobRunr's shortest poll interval: a queued run starts within this many seconds. */
    static final int POLL_SECONDS = 5;

    @Resource(lookup = DatabaseDefinition.JOBS_JNDI_NAME)
    private DataSource dataSource;

    private JobScheduler scheduler;

    /** Starts the queue and its background server; called once at startup, after the migrations. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        JobActivator fromCdi = new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return CDI.current().select(type).get();
            }
        };
        scheduler = JobRunr.configure()
                .useJsonMapper(new JacksonJsonMapper())
                .useStorageProvider(new H2StorageProvider(dataSource))
                .useJobActivator(fromCdi)
                .useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                        .andWorkerCount(WORKERS)
                        .andPollIntervalInSeconds(POLL_SECONDS))
                .initialize()
                .getJobScheduler();
        LOG.log(Level.INFO, "run queue started workers={0} pollSeconds={1}", WORKERS, POLL_SECONDS);
    }

    /** Queues the run's job; it is in the database when this returns. */
    public void enqueue(long runId) {
        scheduler.<ClassifyPixelsJob>enqueue(job -> job.run(runId));
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            JobRunr.destroy();
        }
    }
}
