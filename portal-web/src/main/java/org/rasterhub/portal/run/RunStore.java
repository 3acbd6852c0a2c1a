package org.rasterhub.portal.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.run.RasterItem;
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

    public RasterItem save(RasterItem raster) {
        entityManager.persist(raster);
        entityManager.flush();
        return raster;
    }

    public InferenceRun save(InferenceRun run) {
        entityManager.persist(run);
        entityManager.flush();
        return run;
    }

    public Optional<RasterItem> raster(long id) {
        return Optional.ofNullable(entityManager.find(RasterItem.class, id));
    }

    public Optional<InferenceRun> run(long id) {
        return Optional.ofNullable(entityManager.find(InferenceRun.class, id));
    }

    public void start(long id, int tiles) {
        require(id).start(tiles, clock.instant());
    }

    public void progress(long id, int tiles) {
        require(id).progress(tiles);
    }

    public void succeed(long id, ContentHash result, long size) {
        require(id).succeed(result, size, clock.instant());
    }

    public void fail(long id, String cause) {
        InferenceRun run = require(id);
        if (!run.status().finished()) {
            run.fail(cause, clock.instant());
        }
    }

    private InferenceRun require(long id) {
        InferenceRun run = entityManager.find(InferenceRun.class, id);
        if (run == null) {
            throw new IllegalStateException("run " + id + " does not exist");
        }
        return run;
    }
}
