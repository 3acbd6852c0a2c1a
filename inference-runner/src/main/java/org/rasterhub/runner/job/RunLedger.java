package org.rasterhub.runner.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemVersion;
import org.rasterhub.core.emd.InvalidModelDefinitionException;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.layer.LayerItem;
import org.rasterhub.core.run.DatabaseTime;
import org.rasterhub.core.run.FeatureItem;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.run.RasterItem;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;

/**
 * What a runner reads and writes of a run, one short transaction per call: its plan, its start, its
 * progress and heartbeat, its outcome. Every write after the start names the attempt it belongs to
 * and is refused ({@link StaleAttemptException}) once the run has moved on to another attempt or
 * finished; {@code inference_run}'s row version turns a concurrent write (a cancel) into a conflict
 * instead of a lost update. Times (start, heartbeat, finish) are the database's ({@link DatabaseTime}),
 * the clock the portal judges silent runs by.
 */
public final class RunLedger {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transactions transactions;
    private final BlobStore blobs;
    private final ModelDefinitionReader reader;
    private final String node;

    /** @param node the name runs record as where they ran */
    public RunLedger(Transactions transactions, BlobStore blobs, ModelDefinitionReader reader, String node) {
        this.transactions = transactions;
        this.blobs = blobs;
        this.reader = reader;
        this.node = node;
    }

    /** The name runs record as where they ran: this runner's. */
    public String node() {
        return node;
    }

    /** What the run's job needs, read in one transaction: the model, where each input is, the arguments. */
    public RunPlan plan(long runId) {
        return transactions.inTransaction(em -> {
            InferenceRun run = require(em, runId);
            CatalogItem item = em.find(CatalogItem.class, run.itemId());
            ItemVersion version = item.version(run.versionNumber()).orElseThrow();
            ModelDefinition emd = definition(version);
            List<RunPlan.Input> inputs = new ArrayList<>();
            for (RunInput input : run.inputs()) {
                if (input.rasterId().isPresent()) {
                    RasterItem raster = em.find(RasterItem.class, input.rasterId().get());
                    inputs.add(new RunPlan.Input(input.role(), input.sha256(), raster.fileName(),
                            raster.sourcePath().orElseGet(() -> blobs.path(raster.sha256())),
                            raster.sourcePath().isPresent()));
                } else {
                    FeatureItem layer = em.find(FeatureItem.class, input.featureId().orElseThrow());
                    inputs.add(new RunPlan.Input(input.role(), input.sha256(), layer.fileName(),
                            blobs.path(layer.sha256()), false));
                }
            }
            try {
                return new RunPlan(runId, Tool.named(run.tool()).orElseThrow(), run.modelSha256(),
                        version.modelFileEntry().orElseThrow().path(), emd.modelType(), inputs, emd.classes(),
                        JSON.readValue(run.argumentsJson(), EffectiveArguments.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private ModelDefinition definition(ItemVersion version) {
        try {
            return reader.read(version.emdJson().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidModelDefinitionException e) {
            throw new IllegalStateException("the stored model definition of version " + version.number()
                    + " no longer reads: " + e.getMessage(), e);
        }
    }

    /**
     * Marks the run started, or started again when a crash interrupted an earlier attempt.
     *
     * @return the attempt the caller now runs, which fences its later writes; empty when the run must
     *         not run: it finished (was cancelled) meanwhile, or it has had its last attempt and failed
     */
    public OptionalInt start(long id, int tiles) {
        return transactions.inTransaction(em -> {
            InferenceRun run = require(em, id);
            boolean runs = switch (run.status()) {
                case QUEUED -> {
                    run.start(tiles, DatabaseTime.now(em));
                    yield true;
                }
                case RUNNING -> run.restart(tiles, DatabaseTime.now(em));
                default -> false;
            };
            if (runs) {
                run.ranOn(node);
            }
            return runs ? OptionalInt.of(run.attempts()) : OptionalInt.empty();
        });
    }

    /**
     * Records progress and the heartbeat of one attempt.
     *
     * @return whether someone asked to cancel the run
     * @throws StaleAttemptException when the run is no longer running this attempt
     */
    public boolean progress(long id, int attempt, int tiles) {
        return transactions.inTransaction(em -> {
            InferenceRun run = current(em, id, attempt);
            run.progress(tiles, DatabaseTime.now(em));
            return run.cancelRequested();
        });
    }

    public void cancelled(long id, int attempt, int tiles) {
        transactions.run(em -> current(em, id, attempt).cancelled(tiles, DatabaseTime.now(em)));
    }

    /**
     * Records the outputs and the run's telemetry ({@link org.rasterhub.core.run.RunTelemetry} as JSON),
     * and makes each result (per input and kind) a private layer item of the run's owner, with the
     * thumbnail drawn for it where there is one.
     */
    public void succeed(long id, int attempt, List<RunOutput> outputs, String summaryJson,
                        Map<LayerThumbnails.Result, ContentHash> thumbnails, String telemetryJson) {
        transactions.run(em -> {
            InferenceRun run = current(em, id, attempt);
            run.succeed(outputs, summaryJson, DatabaseTime.now(em));
            run.measured(telemetryJson);
            String model = Optional.ofNullable(em.find(CatalogItem.class, run.itemId()))
                    .map(CatalogItem::title).orElse("item " + run.itemId());
            String tool = Tool.named(run.tool()).map(Tool::label).orElse(run.tool());
            outputs.stream().map(o -> new LayerThumbnails.Result(o.inputPosition(), o.kind())).distinct()
                    .forEach(result -> {
                        LayerItem layer = new LayerItem(id, result.inputPosition(), result.kind(),
                                model + " · " + tool + " · " + inputName(em, run, result.inputPosition()), run.owner(),
                                DatabaseTime.now(em));
                        Optional.ofNullable(thumbnails.get(result)).ifPresent(layer::thumbnailDrawn);
                        em.persist(layer);
                    });
        });
    }

    /** The file name of the input a result came from: one raster of a collection, or "from → to". */
    private static String inputName(EntityManager em, InferenceRun run, int position) {
        List<RunInput> rasters = run.inputs().stream().filter(i -> i.role() == RunInput.Role.RASTER).toList();
        if (position < rasters.size()) {
            return rasterName(em, rasters.get(position));
        }
        return run.inputs().stream().filter(i -> i.role() == RunInput.Role.FROM || i.role() == RunInput.Role.TO)
                .map(i -> rasterName(em, i)).collect(Collectors.joining(" → "));
    }

    private static String rasterName(EntityManager em, RunInput input) {
        return input.rasterId().map(id -> em.find(RasterItem.class, id)).map(RasterItem::fileName).orElse("raster");
    }

    /** Fails the run before any attempt of this worker started, unless it finished meanwhile. */
    public void fail(long id, String cause) {
        transactions.run(em -> {
            InferenceRun run = require(em, id);
            if (!run.status().finished()) {
                run.fail(cause, DatabaseTime.now(em));
            }
        });
    }

    /** Fails the run as the worker of {@code attempt} found. @throws StaleAttemptException as {@link #progress} */
    public void fail(long id, int attempt, String cause) {
        transactions.run(em -> current(em, id, attempt).fail(cause, DatabaseTime.now(em)));
    }

    static InferenceRun current(EntityManager em, long id, int attempt) {
        InferenceRun run = require(em, id);
        if (!run.runningAttempt(attempt)) {
            throw new StaleAttemptException(id, attempt, run);
        }
        return run;
    }

    static InferenceRun require(EntityManager em, long id) {
        InferenceRun run = em.find(InferenceRun.class, id);
        if (run == null) {
            throw new IllegalStateException("run " + id + " does not exist");
        }
        return run;
    }
}
