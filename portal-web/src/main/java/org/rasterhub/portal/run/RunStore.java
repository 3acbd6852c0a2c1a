package org.rasterhub.portal.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.rasterhub.core.run.DatabaseTime;
import org.rasterhub.core.run.FeatureItem;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.run.RasterItem;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.core.run.RunStatus;
import org.rasterhub.core.storage.ContentHash;

/** The run tables, one short transaction per call: the job updates progress while it works. */
@ApplicationScoped
@Transactional
public class RunStore {
    @PersistenceContext(unitName = "rasterhub")
    private EntityManager entityManager;

    private final Clock clock;

    @Inject
    public RunStore(Clock clock) {
        this.clock = clock;
    }

    protected RunStore() {
        this(null); // for the CDI proxy only
    }

    public <T> T save(T entity) {
        entityManager.persist(entity);
        entityManager.flush();
        return entity;
    }

    public Optional<RasterItem> raster(long id) {
        return Optional.ofNullable(entityManager.find(RasterItem.class, id));
    }

    public Optional<FeatureItem> features(long id) {
        return Optional.ofNullable(entityManager.find(FeatureItem.class, id));
    }

    public Optional<InferenceRun> run(long id) {
        return Optional.ofNullable(entityManager.find(InferenceRun.class, id));
    }

    /**
     * Puts back in the queue every running run whose worker has not said it is alive for {@code
     * silence}: its server stopped. A run that has had its last attempt fails instead. The caller
     * queues the jobs of those put back.
     *
     * @return the runs put back
     */
    public List<Waiting> requeueInterrupted(Duration silence) {
        List<InferenceRun> stale = entityManager.createQuery("select r from InferenceRun r where r.status = :running"
                        + " and (r.heartbeatAt is null or r.heartbeatAt < :before)", InferenceRun.class)
                .setParameter("running", RunStatus.RUNNING)
                .setParameter("before", DatabaseTime.now(entityManager).minus(silence))
                .getResultList();
        return stale.stream().filter(run -> run.requeue(DatabaseTime.now(entityManager))).map(Waiting::of).toList();
    }

    /**
     * Records on every run the runner {@code node} is running how that runner stopped ({@link
     * InferenceRun#runnerStopped}), before the recovery picks them up again.
     *
     * @return the runs told
     */
    public int runnerStopped(String node, String how) {
        List<InferenceRun> running = entityManager.createQuery("select r from InferenceRun r where r.status = :running"
                        + " and r.node = :node", InferenceRun.class)
                .setParameter("running", RunStatus.RUNNING)
                .setParameter("node", node)
                .getResultList();
        running.forEach(run -> run.runnerStopped(how));
        return running.size();
    }

    /** A queued run, with the attempts it has had: together they name its job ({@link JobQueue}). */
    public record Waiting(long id, int attempts, int handOns) {
        static Waiting of(InferenceRun run) {
            return new Waiting(run.id(), run.attempts(), run.handOns());
        }
    }

    /** Fails a run that is still waiting as it was (not started, not queued again, not cancelled). */
    public void failWaiting(Waiting waiting, String cause) {
        InferenceRun run = require(waiting.id());
        if (run.status() == RunStatus.QUEUED && run.attempts() == waiting.attempts()) {
            run.fail(cause, clock.instant());
        }
    }

    /** Runs queued (or queued again) longer than {@code age} ago and not started since. */
    public List<Waiting> waitingLongerThan(Duration age) {
        return entityManager.createQuery("select r from InferenceRun r where r.status = :queued"
                        + " and coalesce(r.heartbeatAt, r.createdAt) < :before", InferenceRun.class)
                .setParameter("queued", RunStatus.QUEUED)
                .setParameter("before", DatabaseTime.now(entityManager).minus(age))
                .getResultList().stream().map(Waiting::of).toList();
    }

    private InferenceRun require(long id) {
        InferenceRun run = entityManager.find(InferenceRun.class, id);
        if (run == null) {
            throw new IllegalStateException("run " + id + " does not exist");
        }
        return run;
    }
}
