package org.rasterhub.runner.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jobrunr.jobs.annotations.Job;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.core.run.RunTelemetry;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.runner.contract.ContractAdaptedModel;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.InferenceModels;
import org.rasterhub.runner.engine.ModelFormat;
import org.rasterhub.runner.engine.Processor;
import org.rasterhub.runner.preflight.ModelFileVerdict;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.telemetry.TimedModel;

/**
 * The durable job of a run, whatever its tool: re-checks the hashes of the model and every input,
 * runs the tool recording progress and a heartbeat, stores every output content-addressed. Cancel
 * takes effect at the next tile. A failure is recorded on the run with its cause; the job itself
 * never throws (Errors included), so the queue does not retry a run that would fail the same way. A
 * run picked up again after its server stopped starts over from its first tile, 3 attempts in all;
 * every write names its attempt, so a worker whose attempt is stale writes nothing more.
 *
 * <p>A large run whose tool splits it ({@link ToolExecution#workUnits}) is worked in units instead
 * ({@link UnitRun}): this job coordinates, {@link #help} jobs on any runner work units beside it, and
 * a later attempt resumes with the units done so far.
 */
public final class RunJob {
    /** A running run says it is alive this often, even between tiles. */
    public static final long HEARTBEAT_SECONDS = 10;
    private static final System.Logger LOG = System.getLogger(RunJob.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
    private final RunLedger store;
    private final BlobStore blobs;
    private final DataFolder dataFolder;
    private final UnitRun unitRun;
    private final GpuRouting routing;
    private volatile RunnerQueue queue;

    /** @param gpus this runner's GPU ids; empty for a CPU runner */
    public RunJob(RunLedger ledger, Transactions transactions, BlobStore blobs, DataFolder dataFolder,
                  List<Integer> gpus) {
        this.store = ledger;
        this.blobs = blobs;
        this.dataFolder = dataFolder;
        this.unitRun = new UnitRun(new UnitLedger(transactions, ledger.node()), blobs);
        this.routing = new GpuRouting(transactions, gpus);
    }

    /**
     * Where this runner queues jobs: the helpers of a run split into work units ({@link #help}), and
     * runs it hands on. Without it the runner holding a run works every unit itself.
     */
    public void useQueue(RunnerQueue queue) {
        this.queue = queue;
        unitRun.useHelpers(queue::enqueueHelpers);
    }

    /** The runners' job queue, as a runner uses it. */
    public interface RunnerQueue {
        /**
         * Queues {@code count} helper jobs of the run's {@code attempt}; queueing them again does
         * nothing. @return false when it queued none, no other worker being there to take them
         */
        boolean enqueueHelpers(long runId, int attempt, int count);

        /** Queues the run's job again, a few seconds from now, as its {@code handOns}-th hand-on. */
        void handOn(long runId, int attempts, int handOns);
    }

    /** Runs being worked by this job's workers now. */
    public int busy() {
        return busy.get();
    }

    private volatile boolean draining;

    /**
     * Takes no more runs: a job claimed from now on ends at once and leaves its run queued (the
     * portal's recovery gives it another job). For a runner stopping after the run in hand.
     */
    public void drain() {
        draining = true;
    }

    @Job(name = "Run %0", retries = 0)
    public void run(long runId) {
        busy.incrementAndGet();
        try {
            if (draining) {
                LOG.log(Level.INFO, "run {0} left queued: this runner is stopping", runId);
                return;
            }
            work(runId);
        } finally {
            busy.decrementAndGet();
        }
    }

    /**
     * Helps with a run split into work units: claims and works units until none is left to claim,
     * then ends (the runner holding the run merges them). A unit that fails fails the run with its
     * cause; a unit taken over, or a run that stopped running, ends the help quietly.
     */
    @Job(name = "Run %0, helping", retries = 0)
    public void help(long runId) {
        busy.incrementAndGet();
        Path work = null;
        try {
            if (draining) {
                return;
            }
            RunPlan plan = store.plan(runId);
            if (!routing.canRun(plan)) {
                return; // a GPU run: its GPU runners help
            }
            ToolExecution tool = execution(plan.tool());
            work = Files.createTempDirectory(dataFolder.tmp(), "run-" + runId + "-helper-");
            Path folder = work;
            int units = 0;
            try (LazyModel model = new LazyModel(() -> verifyAndLoad(plan, folder), new StageTimes())) {
                while (unitRun.worker().workNext(runId, plan, tool, RunPlan.Input::location, device(plan), model, work,
                        tiles -> { }) == UnitLedger.Outcome.CLAIMED) {
                    units++;
                }
            }
            LOG.log(Level.INFO, "helper of run {0} done: {1} units worked here", runId, units);
        } catch (UnitWorker.UnitLostException | RunCancelledException | StaleAttemptException e) {
            LOG.log(Level.INFO, "helper of run {0} stops: {1}", runId, e.getMessage());
        } catch (Throwable e) {
            if (interrupted(e)) {
                LOG.log(Level.WARNING, "helper of run {0} interrupted: this runner is stopping", runId);
                return;
            }
            LOG.log(Level.INFO, "a work unit failed run=" + runId, e);
            record(runId, () -> WriteConflicts.retrying(() -> store.fail(runId, cause(e))));
        } finally {
            deleteQuietly(work);
            busy.decrementAndGet();
        }
    }

    private InferenceModel verifyAndLoad(RunPlan plan, Path work) throws Exception {
        verify(plan);
        return load(plan, work);
    }

    private void verify(RunPlan plan) throws IOException {
        blobs.verify(plan.model());
        for (RunPlan.Input input : plan.inputs()) {
            verify(input);
        }
    }

    private void work(long runId) {
        Path work = null;
        ScheduledExecutorService heartbeat = null;
        AtomicLong unitsDone = new AtomicLong();
        int attempt = 0;
        long began = System.nanoTime();
        StageTimes times = new StageTimes();
        try {
            RunPlan plan = store.plan(runId);
            if (!routing.canRun(plan)) {
                handOn(runId, plan);
                return;
            }
            long verifying = System.nanoTime();
            verify(plan);
            times.since(Stage.VERIFY, verifying);
            ToolExecution tool = execution(plan.tool());
            ToolExecution.Inputs inputs = RunPlan.Input::location;
            int units = tool.units(plan, inputs);
            List<WorkUnit> split = tool.workUnits(plan, inputs, UnitRun.UNIT_TILES);
            OptionalInt started = store.start(runId, units);
            if (started.isEmpty()) {
                LOG.log(Level.INFO, "run not started: it finished meanwhile or had its last attempt run={0}", runId);
                return;
            }
            attempt = started.getAsInt();
            LOG.log(Level.INFO, "run started run={0} attempt={1} tool={2} units={3} workUnits={4}", runId, attempt,
                    plan.tool().apiName(), units, split.size());
            heartbeat = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "run-" + runId + "-heartbeat"));
            RunTracker tracker = new RunTracker(store, runId, attempt, unitsDone);
            heartbeat.scheduleWithFixedDelay(tracker::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);

            work = Files.createTempDirectory(dataFolder.tmp(), "run-" + runId + "-");
            ToolExecution.Produced produced;
            List<RunTelemetry.WorkUnit> workUnits = null;
            String engine;
            Path folder = work;
            try (LazyModel model = new LazyModel(() -> load(plan, folder), times)) {
                if (split.isEmpty()) {
                    produced = tool.execute(plan, inputs, new TimedModel(model.get(), times), work, tracker::done, times);
                } else {
                    UnitRun.Merged merged = unitRun.coordinate(runId, attempt, plan, tool, inputs, split, device(plan),
                            model, work, tracker, times);
                    produced = merged.produced();
                    workUnits = merged.units();
                }
                engine = model.engineName().orElse("not loaded here: every unit was done by other runners");
            }
            stop(heartbeat);
            long storing = System.nanoTime();
            // Before the outputs move into the store: the thumbnails read the GeoJSON files where they are.
            var thumbnails = LayerThumbnails.draw(produced.files(), produced.summary(), blobs, work);
            List<RunOutput> outputs = new ArrayList<>();
            for (ToolExecution.File file : produced.files()) {
                ContentHash hash = ContentHash.ofFile(file.path());
                long size = Files.size(file.path());
                blobs.put(file.path(), hash);
                outputs.add(new RunOutput(file.inputPosition(), file.kind(), file.format(), file.fileName(), hash, size,
                        file.featureCount()));
            }
            String summary = produced.summary() == null ? null : JSON.writeValueAsString(produced.summary());
            times.since(Stage.STORE, storing);
            String telemetry = JSON.writeValueAsString(telemetry(plan, tool, inputs, units, engine, times, began,
                    workUnits));
            int succeeded = attempt;
            // A cancel that came just before is overruled: the outputs are all there.
            WriteConflicts.retrying(() -> store.succeed(runId, succeeded, outputs, summary, thumbnails, telemetry));
            LOG.log(Level.INFO, "run succeeded run={0} outputs={1}", runId, outputs.size());
        } catch (StaleAttemptException e) {
            // Another attempt owns the run now (or it finished): this worker writes nothing more.
            LOG.log(Level.WARNING, e.getMessage() + "; this worker stops");
        } catch (RunCancelledException e) {
            LOG.log(Level.INFO, "run cancelled run={0} units={1}", runId, e.unitsDone);
            int cancelled = attempt;
            record(runId, () -> WriteConflicts.retrying(() -> store.cancelled(runId, cancelled, (int) e.unitsDone)));
        } catch (Throwable e) {
            if (interrupted(e)) {
                // The runner is stopping (SIGTERM): not the run's fault. It stays RUNNING and silent, and
                // the recovery queues it again for another runner, as after a crash.
                LOG.log(Level.WARNING, "run {0} interrupted: this runner is stopping; it will start over", runId);
                return;
            }
            // Everything, Errors included: an OutOfMemoryError escaping would leave the run RUNNING until
            // the recovery requeued it, to run out of memory again.
            LOG.log(Level.INFO, "run failed run=" + runId, e);
            String cause = cause(e);
            int failed = attempt;
            record(runId, () -> WriteConflicts.retrying(() -> {
                if (failed == 0) {
                    store.fail(runId, cause);
                } else {
                    store.fail(runId, failed, cause);
                }
            }));
        } finally {
            stop(heartbeat);
            deleteQuietly(work);
        }
    }

    /** A run this runner cannot run (it asks for GPUs this runner lacks) goes back to the queue for another. */
    private void handOn(long runId, RunPlan plan) {
        RunnerQueue to = queue;
        if (to == null) {
            record(runId, () -> store.fail(runId, "it asks for a GPU and this runner has none"));
            return;
        }
        routing.handOn(runId, plan).ifPresent(h -> {
            LOG.log(Level.INFO, "run {0} handed on: it asks for a GPU this runner lacks (hand-on {1})", runId,
                    h.handOns());
            to.handOn(runId, h.attempts(), h.handOns());
        });
    }

    /** What the run's page and REST show of where its time went and how fast it went. */
    private RunTelemetry telemetry(RunPlan plan, ToolExecution tool, ToolExecution.Inputs inputs, int units,
                                   String engine, StageTimes times, long began, List<RunTelemetry.WorkUnit> workUnits)
            throws Exception {
        long wallMillis = Math.max(1, (System.nanoTime() - began) / 1_000_000);
        double hours = wallMillis / 3_600_000.0;
        OptionalDouble area = tool.squareKilometres(plan, inputs);
        return new RunTelemetry(store.node(), device(plan), engine, wallMillis, times.millis(), units, tool.unitName(),
                units * 1000.0 / wallMillis, area.isPresent() ? area.getAsDouble() : null,
                area.isPresent() ? area.getAsDouble() / hours : null, workUnits);
    }

    /** The device the run runs on here: {@code CPU}, or {@code GPU} with the ids it loads the model on. */
    private String device(RunPlan plan) {
        return !"GPU".equals(plan.arguments().processorType()) ? "CPU" : "GPU " + java.util.Arrays.stream(
                routing.devices(plan)).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    // Waits for a heartbeat in flight: its write would otherwise race the outcome's.
    private static void stop(ScheduledExecutorService heartbeat) {
        if (heartbeat == null) {
            return;
        }
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean interrupted(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** What a failed run says of its cause: the message, or what kind of failure it was. */
    static String cause(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
            return "the runner ran out of memory while running it (" + e.getMessage() + "; its heap holds at most "
                    + heapMiB + " MiB): retry with a smaller batch size or tile size, or give the runner more memory"
                    + " (RASTERHUB_RUNNER_MAX_HEAP)";
        }
        if (e instanceof StackOverflowError) {
            return "the run failed with a stack overflow (a model or input nested too deeply)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The run reads exactly the bytes it was submitted with, stored or in a server folder. */
    private void verify(RunPlan.Input input) throws IOException {
        if (!input.serverFile()) {
            blobs.verify(input.sha256());
            return;
        }
        ContentHash now = ContentHash.ofFile(input.location());
        if (!now.equals(input.sha256())) {
            throw new IOException(input.fileName() + " at " + input.location() + " changed since it was registered"
                    + " (SHA-256 " + input.sha256().hex().substring(0, 12) + "…, now " + now.hex().substring(0, 12)
                    + "…); register it again to run on the new content");
        }
    }

    static ToolExecution execution(Tool tool) {
        return switch (tool) {
            case CLASSIFY_PIXELS -> new ClassifyPixelsExecution();
            case DETECT_OBJECTS -> new DetectObjectsExecution();
            case CLASSIFY_OBJECTS -> new ClassifyObjectsExecution();
            case DETECT_CHANGE -> new DetectChangeExecution();
        };
    }

    /**
     * Loads the model into the engine for its format, on the processor the run asked for. The file
     * is scanned again first (never loaded before that), and linked under a name whose extension
     * tells DJL its format.
     */
    private InferenceModel load(RunPlan plan, Path work) throws Exception {
        Path stored = blobs.path(plan.model());
        ModelFileVerdict verdict = ModelFileVerdict.assess(plan.modelPath(), stored);
        ModelFormat format = verdict.kind() == null ? null : ModelFormat.of(verdict.kind()).orElse(null);
        if (!verdict.runnableHere() || format == null) {
            throw new IllegalStateException(plan.modelPath() + ": " + verdict.reason());
        }
        Path model = work.resolve(format == ModelFormat.TORCHSCRIPT ? "model.pt" : "model.onnx");
        Files.createLink(model, stored);
        Processor processor = "GPU".equals(plan.arguments().processorType()) ? Processor.gpu(routing.devices(plan))
                : Processor.CPU;
        InferenceModel loaded;
        try {
            loaded = InferenceModels.load(model, format, processor);
        } catch (org.rasterhub.runner.engine.ModelLoadException e) {
            // The run's message names the file as the package does, not the runner's work folder.
            throw new IllegalStateException("cannot load " + plan.modelPath() + ": " + e.reason(), e);
        }
        // Fed as the file says: its fixed batch size and its band order (ContractAdaptedModel).
        return verdict.onnx() == null ? loaded : ContractAdaptedModel.adapt(loaded, verdict.onnx());
    }

    private interface Recording {
        void record();
    }

    private static void record(long runId, Recording recording) {
        try {
            recording.record();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "could not record the outcome of run " + runId, e);
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
