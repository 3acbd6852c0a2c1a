package org.rasterhub.portal.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jobrunr.jobs.annotations.Job;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.runner.classify.ClassifyPixelsRequest;
import org.rasterhub.runner.classify.PixelClassifier;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.preflight.RasterFacts;
import org.rasterhub.runner.tiling.TileGrid;

/**
 * The durable job of a Classify Pixels run: re-checks the hashes of the model and the raster, runs
 * the classifier tile by tile recording progress, stores the classified COG content-addressed. A
 * failure is recorded on the run with its cause; the job itself never throws, so the queue does not
 * retry a run that would fail the same way.
 */
@ApplicationScoped
public class ClassifyPixelsJob {
    private static final System.Logger LOG = System.getLogger(ClassifyPixelsJob.class.getName());
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    private final RunService runs;
    private final RunStore store;
    private final BlobStore blobs;
    private final DataFolder dataFolder;

    @Inject
    public ClassifyPixelsJob(RunService runs, RunStore store, BlobStore blobs, DataFolder dataFolder) {
        this.runs = runs;
        this.store = store;
        this.blobs = blobs;
        this.dataFolder = dataFolder;
    }

    public ClassifyPixelsJob() {
        this(null, null, null, null); // for the CDI proxy only
    }

    @Job(name = "Classify pixels, run %0", retries = 0)
    public void run(long runId) {
        Path work = null;
        try {
            RunPlan plan = runs.plan(runId);
            blobs.verify(plan.model());
            blobs.verify(plan.raster());
            work = Files.createTempDirectory(dataFolder.tmp(), "run-" + runId + "-");
            Path model = work.resolve("model.onnx"); // DJL wants a model file name it recognises
            Files.createLink(model, blobs.path(plan.model()));
            Path raster = blobs.path(plan.raster());
            Path output = work.resolve("classified.tif");
            RasterFacts facts = RasterFacts.probe(raster);
            store.start(runId, new TileGrid(facts.width(), facts.height(), plan.tileSize(), plan.padding()).size());
            LOG.log(Level.INFO, "run started run={0} raster={1}x{2}", runId, facts.width(), facts.height());

            long[] lastReport = {System.nanoTime()};
            try (OnnxModel onnx = OnnxModel.load(model)) {
                new PixelClassifier(onnx, plan.classes()).classify(
                        ClassifyPixelsRequest.of(raster, output, plan.extractBands(), plan.tileSize())
                                .withPadding(plan.padding()).withBatchSize(plan.batchSize()),
                        (stage, done, total) -> {
                            if (PixelClassifier.STAGE.equals(stage)
                                    && (done == total || System.nanoTime() - lastReport[0] > PROGRESS_EVERY_NANOS)) {
                                store.progress(runId, (int) done);
                                lastReport[0] = System.nanoTime();
                            }
                        });
            }
            ContentHash hash = ContentHash.ofFile(output);
            long size = Files.size(output);
            blobs.put(output, hash);
            store.succeed(runId, hash, size);
            LOG.log(Level.INFO, "run succeeded run={0} result={1}", runId, hash);
        } catch (Exception | LinkageError e) {
            LOG.log(Level.INFO, "run failed run=" + runId, e);
            try {
                store.fail(runId, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } catch (RuntimeException recording) {
                LOG.log(Level.ERROR, "could not record the failure of run " + runId, recording);
            }
        } finally {
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try {
            DataFolder.deleteTree(folder);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove " + folder + ": " + e.getMessage());
        }
    }
}
