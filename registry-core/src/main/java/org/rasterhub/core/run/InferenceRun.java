package org.rasterhub.core.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.rasterhub.core.storage.ContentHash;

/**
 * One run of a tool with one model version on one raster. Records the hashes of everything it
 * used, so a result can always be traced to the exact bytes that made it.
 */
@Entity
@Table(name = "inference_run")
public class InferenceRun {
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

    protected InferenceRun() {
        // for JPA
    }

    public InferenceRun(String owner, String tool, long itemId, int versionNumber, ContentHash packageSha256,
                        ContentHash modelSha256, long rasterId, ContentHash rasterSha256, String argumentsJson,
                        Instant createdAt) {
        this.owner = owner;
        this.tool = tool;
        this.itemId = itemId;
        this.versionNumber = versionNumber;
        this.packageSha256 = packageSha256.hex();
        this.modelSha256 = modelSha256.hex();
        this.rasterId = rasterId;
        this.rasterSha256 = rasterSha256.hex();
        this.argumentsJson = argumentsJson;
        this.status = RunStatus.QUEUED;
        this.createdAt = createdAt;
    }

    /** @throws IllegalStateException unless the run is queued */
    public void start(int tiles, Instant at) {
        require(RunStatus.QUEUED);
        status = RunStatus.RUNNING;
        tilesTotal = tiles;
        startedAt = at;
    }

    public void progress(int tiles) {
        require(RunStatus.RUNNING);
        tilesDone = Math.max(tilesDone, Math.min(tiles, tilesTotal));
    }

    public void succeed(ContentHash result, long size, Instant at) {
        require(RunStatus.RUNNING);
        status = RunStatus.SUCCEEDED;
        tilesDone = tilesTotal;
        resultSha256 = result.hex();
        resultSize = size;
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
}
