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
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.layer.LayerItem;
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
    private final String node;

    @Inject
    public RunStore(Clock clock, org.rasterhub.portal.config.PortalSettings settings) {
        this.clock = clock;
        this.node = settings == null ? null : settings.nodeName();
    }

    protected RunStore() {
        this(null, null); // for the CDI proxy only
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
     * Marks the run started, or started again when a crash interrupted an earlier attempt.
     *
     * @return the attempt the caller now runs, which fences its later writes; empty when the run must
     *         not run: it finished (was cancelled) meanwhile, or it has had its last attempt and failed
     */
    public java.util.OptionalInt start(long id, int tiles) {
        InferenceRun run = require(id);
        boolean runs = switch (run.status()) {
            case QUEUED -> {
                run.start(tiles, clock.instant());
                yield true;
            }
            case RUNNING -> run.restart(tiles, clock.instant());
            default -> false;
        };
        if (runs) {
            run.ranOn(node);
        }
        return runs ? java.util.OptionalInt.of(run.attempts()) : java.util.OptionalInt.empty();
    }

    /**
     * Records progress and the heartbeat of one attempt.
     *
     * @return whether someone asked to cancel the run
     * @throws StaleAttemptException when the run is no longer running this attempt
     */
    public boolean progress(long id, int attempt, int tiles) {
        InferenceRun run = current(id, attempt);
        run.progress(tiles, clock.instant());
        return run.cancelRequested();
    }

    public void cancelled(long id, int attempt, int tiles) {
        current(id, attempt).cancelled(tiles, clock.instant());
    }

    /**
     * Records the outputs, and makes each result (per input and kind) a private layer item of the run's
     * owner, with the thumbnail drawn for it where there is one.
     */
    public void succeed(long id, int attempt, List<RunOutput> outputs, String summaryJson,
                        java.util.Map<LayerThumbnails.Result, ContentHash> thumbnails) {
        InferenceRun run = current(id, attempt);
        run.succeed(outputs, summaryJson, clock.instant());
        String model = Optional.ofNullable(entityManager.find(CatalogItem.class, run.itemId()))
                .map(CatalogItem::title).orElse("item " + run.itemId());
        String tool = Tool.named(run.tool()).map(Tool::label).orElse(run.tool());
        outputs.stream().map(o -> new LayerThumbnails.Result(o.inputPosition(), o.kind())).distinct().forEach(result -> {
            LayerItem layer = new LayerItem(id, result.inputPosition(), result.kind(),
                    model + " · " + tool + " · " + inputName(run, result.inputPosition()), run.owner(), clock.instant());
            java.util.Optional.ofNullable(thumbnails.get(result)).ifPresent(layer::thumbnailDrawn);
            entityManager.persist(layer);
        });
    }

    /** The file name of the input a result came from: one raster of a collection, or "from → to". */
    private String inputName(InferenceRun run, int position) {
        List<RunInput> rasters = run.inputs().stream().filter(i -> i.role() == RunInput.Role.RASTER).toList();
        if (position < rasters.size()) {
            return rasterName(rasters.get(position));
        }
        return run.inputs().stream().filter(i -> i.role() == RunInput.Role.FROM || i.role() == RunInput.Role.TO)
                .map(this::rasterName).collect(java.util.stream.Collectors.joining(" → "));
    }

    private String rasterName(RunInput input) {
        return input.rasterId().flatMap(this::raster).map(RasterItem::fileName).orElse("raster");
    }

    /** Fails the run, unless it finished meanwhile. */
    public void fail(long id, String cause) {
        InferenceRun run = require(id);
        if (!run.status().finished()) {
            run.fail(cause, clock.instant());
        }
    }

    /** Fails the run as the worker of {@code attempt} found. @throws StaleAttemptException as {@link #progress} */
    public void fail(long id, int attempt, String cause) {
        current(id, attempt).fail(cause, clock.instant());
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
                .setParameter("before", clock.instant().minus(silence))
                .getResultList();
        return stale.stream().filter(run -> run.requeue(clock.instant())).map(Waiting::of).toList();
    }

    /** A queued run, with the attempts it has had: together they name its job ({@link JobQueue}). */
    public record Waiting(long id, int attempts) {
        static Waiting of(InferenceRun run) {
            return new Waiting(run.id(), run.attempts());
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
                .setParameter("before", clock.instant().minus(age))
                .getResultList().stream().map(Waiting::of).toList();
    }

    private InferenceRun current(long id, int attempt) {
        InferenceRun run = require(id);
        if (!run.runningAttempt(attempt)) {
            throw new StaleAttemptException(id, attempt, run);
        }
        return run;
    }

    private InferenceRun require(long id) {
        InferenceRun run = entityManager.find(InferenceRun.class, id);
        if (run == null) {
            throw new IllegalStateException("run " + id + " does not exist");
        }
        return run;
    }
}
