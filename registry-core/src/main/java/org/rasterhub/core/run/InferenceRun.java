package org.rasterhub.core.run;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rasterhub.core.storage.ContentHash;

/**
 * One run of a tool with one model version on its inputs (a raster, a collection of rasters, two
 * dates, or a raster and a feature layer). Records the hashes of everything it used and of
 * everything it made, so a result can always be traced to the exact bytes that made it.
 *
 * <p>States: QUEUED → RUNNING → SUCCEEDED, FAILED or CANCELLED. A RUNNING run may be restarted from
 * its first tile when a server picks it up again after a crash.
 */
@Entity
@Table(name = "inference_run")
public class InferenceRun {
    /** Attempts a run gets (each start, and each start over after its server stopped) before it fails. */
    public static final int MAX_ATTEMPTS = 3;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String owner;

    @Column(nullable = false, length = 40)
    private String tool;

    @Column(name = "item_id", nullable = false)
    private long itemId;

    @Column(name = "version_number", nullable = false)
    private int versionNumber;

    @Column(name = "package_sha256", nullable = false, length = 64)
    private String packageSha256;

    @Column(name = "model_sha256", nullable = false, length = 64)
    private String modelSha256;

    @Column(name = "raster_id", nullable = false)
    private long rasterId;

    @Column(name = "raster_sha256", nullable = false, length = 64)
    private String rasterSha256;

    @Column(name = "arguments_json", nullable = false, length = 4000)
    private String argumentsJson;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private RunStatus status;

    @Column(name = "tiles_done", nullable = false)
    private int tilesDone;

    @Column(name = "tiles_total", nullable = false)
    private int tilesTotal;

    @Column(length = 2000)
    private String message;

    @Column(name = "result_sha256", length = 64)
    private String resultSha256;

    @Column(name = "result_size")
    private Long resultSize;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "retry_of")
    private Long retryOf;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "hand_ons", nullable = false)
    private int handOns;

    @Column(length = 100)
    private String node;

    /**
     * Optimistic lock: the portal (cancel), the worker (progress, outcome) and the recovery (requeue)
     * write the same row from different transactions; a write from a stale read fails instead of
     * silently undoing another (a progress write would otherwise clear a cancel request).
     */
    @Version
    @Column(name = "row_version", nullable = false)
    private long rowVersion;

    @Column(name = "heartbeat_at")
    private Instant heartbeatAt;

    @Column(name = "summary_json", length = 60000)
    private String summaryJson;

    @Column(name = "telemetry_json", length = 4000)
    private String telemetryJson;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "run_input", joinColumns = @JoinColumn(name = "run_id"))
    @OrderColumn(name = "position")
    private List<RunInput> inputs = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "run_output", joinColumns = @JoinColumn(name = "run_id"))
    @OrderColumn(name = "position")
    private List<RunOutput> outputs = new ArrayList<>();

    protected InferenceRun() {
        // for JPA
    }

    /**
     * @param inputs  the run's inputs in order; the first raster among them is also kept in the
     *                {@code raster_id} column, for the runs of one raster
     * @param retryOf the run this one retries, or null
     * @throws IllegalArgumentException when no input is a raster
     */
    public InferenceRun(String owner, String tool, long itemId, int versionNumber, ContentHash packageSha256,
                        ContentHash modelSha256, List<RunInput> inputs, String argumentsJson, Instant createdAt,
                        Long retryOf) {
        RunInput firstRaster = inputs.stream().filter(i -> i.rasterId().isPresent()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a run needs at least one raster input"));
        this.owner = owner;
        this.tool = tool;
        this.itemId = itemId;
        this.versionNumber = versionNumber;
        this.packageSha256 = packageSha256.hex();
        this.modelSha256 = modelSha256.hex();
        this.rasterId = firstRaster.rasterId().orElseThrow();
        this.rasterSha256 = firstRaster.sha256().hex();
        this.inputs = new ArrayList<>(inputs);
        this.argumentsJson = argumentsJson;
        this.status = RunStatus.QUEUED;
        this.createdAt = createdAt;
        this.retryOf = retryOf;
    }

    /** @throws IllegalStateException unless the run is queued */
    public void start(int tiles, Instant at) {
        require(RunStatus.QUEUED);
        status = RunStatus.RUNNING;
        tilesTotal = tiles;
        tilesDone = 0;
        startedAt = at;
        heartbeatAt = at;
        attempts++;
    }

    /**
     * Starts a RUNNING run again from its first tile: a server picked it up after the one running it
     * stopped (a crash, a kill, a power cut) without finishing it. After {@value #MAX_ATTEMPTS}
     * attempts the run fails instead: a run that takes its server down would otherwise do so for ever.
     *
     * @return whether the run starts again (false: it failed)
     */
    public boolean restart(int tiles, Instant at) {
        require(RunStatus.RUNNING);
        if (gaveUp(at)) {
            return false;
        }
        tilesTotal = tiles;
        tilesDone = 0;
        outputs.clear();
        heartbeatAt = at;
        attempts++;
        return true;
    }

    /**
     * Puts a RUNNING run whose server stopped back in the queue, to start over from its first tile
     * on whichever server picks it up; after {@value #MAX_ATTEMPTS} attempts it fails instead.
     *
     * @return whether the run was queued again (false: it failed)
     */
    public boolean requeue(Instant at) {
        require(RunStatus.RUNNING);
        if (gaveUp(at)) {
            return false;
        }
        String why = lastStop().map(stop -> " (" + stop + ")").orElse("");
        status = RunStatus.QUEUED;
        tilesDone = 0;
        outputs.clear();
        heartbeatAt = at;
        message = "queued again at " + at + ": the server running attempt " + attempts + " stopped" + why;
        return true;
    }

    /**
     * Records how the runner process running this attempt ended (crashed in native code, killed),
     * as its supervisor saw it: the run's message says so while the run waits to be picked up again,
     * and a run that gives up names the last one.
     */
    public void runnerStopped(String how) {
        require(RunStatus.RUNNING);
        message = STOPPED_PREFIX + attempts + ": " + how;
    }

    private static final String STOPPED_PREFIX = "the runner of attempt ";

    /** How the runner of the current attempt stopped, when its supervisor recorded it. */
    private Optional<String> lastStop() {
        String prefix = STOPPED_PREFIX + attempts + ": ";
        return message != null && message.startsWith(prefix) ? Optional.of(message.substring(prefix.length()))
                : Optional.empty();
    }

    private boolean gaveUp(Instant at) {
        if (attempts < MAX_ATTEMPTS) {
            return false;
        }
        String last = lastStop().map(stop -> " The last time it " + stop + ".").orElse("");
        fail("the runner running it stopped mid-run on each of its " + attempts + " attempts, so it is not tried"
                + " again." + last + " A model that crashes its process (in native code) or exhausts its memory does"
                + " this: retry with a smaller batch size or tile size, or ask an administrator to look in the server"
                + " log", at);
        return true;
    }

    /** Records the node that runs the current attempt. */
    public void ranOn(String node) {
        this.node = node == null || node.length() <= 100 ? node : node.substring(0, 100);
    }

    /** The node that ran (or runs) the latest attempt; empty before the first. */
    public Optional<String> node() {
        return Optional.ofNullable(node);
    }

    /**
     * Whether a worker that started attempt {@code attempt} may still write: the run is running that
     * attempt. A worker whose run was put back in the queue, failed or started again elsewhere is stale.
     */
    public boolean runningAttempt(int attempt) {
        return status == RunStatus.RUNNING && attempts == attempt;
    }

    /** Records tiles done (never less than before) and that the run is alive. */
    public void progress(int tiles, Instant at) {
        require(RunStatus.RUNNING);
        tilesDone = Math.max(tilesDone, Math.min(tiles, tilesTotal));
        heartbeatAt = at;
    }

    /**
     * @param outputs every file the run made, the first of which is also kept in the {@code
     *                result_*} columns
     * @param summaryJson what a legend or summary needs (class counts, transitions), or null
     */
    public void succeed(List<RunOutput> outputs, String summaryJson, Instant at) {
        require(RunStatus.RUNNING);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a run that succeeded made at least one file");
        }
        status = RunStatus.SUCCEEDED;
        tilesDone = tilesTotal;
        this.outputs = new ArrayList<>(outputs);
        this.summaryJson = summaryJson;
        resultSha256 = outputs.get(0).sha256().hex();
        resultSize = outputs.get(0).sizeBytes();
        finishedAt = at;
    }

    /** Records where a finished run's time went ({@link RunTelemetry} as JSON), as its runner measured it. */
    public void measured(String telemetryJson) {
        if (telemetryJson != null && telemetryJson.length() > 4000) {
            throw new IllegalArgumentException("telemetry of " + telemetryJson.length() + " characters; at most 4000");
        }
        this.telemetryJson = telemetryJson;
    }

    /** Where the run's time went, as JSON ({@link RunTelemetry}); empty before it succeeded. */
    public Optional<String> telemetryJson() {
        return Optional.ofNullable(telemetryJson);
    }

    /**
     * Asks the run to stop. A queued run is cancelled at once; a running one when its worker next
     * reports progress.
     *
     * @return whether the run is cancelled already (it was queued)
     * @throws IllegalStateException when the run has finished
     */
    public boolean requestCancel(Instant at) {
        if (status.finished()) {
            throw new IllegalStateException("run " + id + " already " + status);
        }
        cancelRequested = true;
        if (status == RunStatus.QUEUED) {
            status = RunStatus.CANCELLED;
            message = "cancelled before it started";
            finishedAt = at;
            return true;
        }
        return false;
    }

    /** The worker stopped the run as asked. */
    public void cancelled(int tilesDone, Instant at) {
        require(RunStatus.RUNNING);
        status = RunStatus.CANCELLED;
        this.tilesDone = Math.max(this.tilesDone, Math.min(tilesDone, tilesTotal));
        message = "cancelled after " + this.tilesDone + " of " + tilesTotal + " tiles";
        finishedAt = at;
    }

    /** Records why the run failed; allowed from any unfinished state. */
    public void fail(String cause, Instant at) {
        if (status.finished()) {
            throw new IllegalStateException("run " + id + " already " + status);
        }
        status = RunStatus.FAILED;
        message = cause == null ? "unknown cause" : cause.length() > 2000 ? cause.substring(0, 1997) + "..." : cause;
        finishedAt = at;
    }

    private void require(RunStatus expected) {
        if (status != expected) {
            throw new IllegalStateException("run " + id + " is " + status + ", not " + expected);
        }
    }

    public long id() {
        return id;
    }

    public String owner() {
        return owner;
    }

    public String tool() {
        return tool;
    }

    public long itemId() {
        return itemId;
    }

    public int versionNumber() {
        return versionNumber;
    }

    public ContentHash packageSha256() {
        return new ContentHash(packageSha256);
    }

    public ContentHash modelSha256() {
        return new ContentHash(modelSha256);
    }

    public long rasterId() {
        return rasterId;
    }

    public ContentHash rasterSha256() {
        return new ContentHash(rasterSha256);
    }

    public String argumentsJson() {
        return argumentsJson;
    }

    public RunStatus status() {
        return status;
    }

    public int tilesDone() {
        return tilesDone;
    }

    public int tilesTotal() {
        return tilesTotal;
    }

    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    public Optional<ContentHash> resultSha256() {
        return Optional.ofNullable(resultSha256).map(ContentHash::new);
    }

    public Optional<Long> resultSize() {
        return Optional.ofNullable(resultSize);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public Optional<Long> retryOf() {
        return Optional.ofNullable(retryOf);
    }

    /** How many times a worker started the run (more than 1 after a restart). */
    public int attempts() {
        return attempts;
    }

    /** Times a runner that could not run it queued its job again for another (it lacked the GPUs). */
    public int handOns() {
        return handOns;
    }

    /**
     * Records that a runner handed the queued run on to another.
     *
     * @return the hand-ons so far, which name the job queued for it
     * @throws IllegalStateException when the run is not queued
     */
    public int handOn() {
        if (status != RunStatus.QUEUED) {
            throw new IllegalStateException("run " + id + " is " + status + ", not queued");
        }
        return ++handOns;
    }

    /** When the worker last said the run is alive. */
    public Optional<Instant> heartbeatAt() {
        return Optional.ofNullable(heartbeatAt);
    }

    public Optional<String> summaryJson() {
        return Optional.ofNullable(summaryJson);
    }

    public List<RunInput> inputs() {
        return List.copyOf(inputs);
    }

    public List<RunOutput> outputs() {
        return List.copyOf(outputs);
    }
}
