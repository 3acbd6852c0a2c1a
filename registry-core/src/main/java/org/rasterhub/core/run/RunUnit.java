package org.rasterhub.core.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;
import org.rasterhub.core.storage.ContentHash;

/**
 * One work unit of a run: a band of whole tile rows of one input raster, which any runner may claim.
 * States: PENDING → RUNNING → DONE; a RUNNING unit whose heartbeat went silent (its runner died) may be
 * claimed again; a unit lost {@value #MAX_CLAIMS} times fails its run. A worker that stops in good
 * order (its run was cancelled or queued again) releases its unit, which does not count as lost. Every write after a claim names the claim it
 * belongs to, and the row version turns two runners claiming at once into a conflict, so a worker
 * that lost its unit never records it.
 */
@Entity
@Table(name = "run_unit")
public class RunUnit {
    /** Times a unit is lost before its run fails: a unit that kills its runner would do so for ever. */
    public static final int MAX_CLAIMS = 3;

    /** Where a unit stands. */
    public enum State { PENDING, RUNNING, DONE }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "run_id", nullable = false)
    private long runId;

    @Column(name = "unit_index", nullable = false)
    private int unitIndex;

    @Column(name = "input_position", nullable = false)
    private int inputPosition;

    @Column(name = "first_row", nullable = false)
    private int firstRow;

    @Column(name = "end_row", nullable = false)
    private int endRow;

    @Column(nullable = false)
    private int tiles;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;

    @Column(nullable = false)
    private int claims;

    @Column(nullable = false)
    private int releases;

    @Column(length = 100)
    private String node;

    @Column(length = 40)
    private String device;

    @Column(name = "heartbeat_at")
    private Instant heartbeatAt;

    @Column(name = "output_sha256", length = 64)
    private String outputSha256;

    @Column(name = "stage_millis_json", length = 1000)
    private String stageMillisJson;

    @Version
    @Column(name = "row_version", nullable = false)
    private long rowVersion;

    protected RunUnit() {
        // for JPA
    }

    /**
     * @param inputPosition the raster's position among the run's rasters
     * @param firstRow the unit's first tile row; {@code endRow} the row after its last
     */
    public RunUnit(long runId, int unitIndex, int inputPosition, int firstRow, int endRow, int tiles) {
        if (firstRow < 0 || endRow <= firstRow || tiles < 1) {
            throw new IllegalArgumentException("a unit holds at least one tile row: rows " + firstRow + "-" + endRow);
        }
        this.runId = runId;
        this.unitIndex = unitIndex;
        this.inputPosition = inputPosition;
        this.firstRow = firstRow;
        this.endRow = endRow;
        this.tiles = tiles;
        this.state = State.PENDING;
    }

    /** Whether a worker may claim it now: never claimed, or its worker silent since {@code silentSince}. */
    public boolean claimable(Instant silentSince) {
        return state == State.PENDING
                || state == State.RUNNING && (heartbeatAt == null || heartbeatAt.isBefore(silentSince));
    }

    /** Claims it for a worker on {@code node}; @return the claim number that fences the worker's writes */
    public int claim(String node, String device, Instant at) {
        if (state == State.DONE) {
            throw new IllegalStateException("unit " + unitIndex + " of run " + runId + " is done");
        }
        state = State.RUNNING;
        claims++;
        this.node = node;
        this.device = device;
        heartbeatAt = at;
        return claims;
    }

    /** Whether the worker of {@code claim} still owns the unit. */
    public boolean runningClaim(int claim) {
        return state == State.RUNNING && claims == claim;
    }

    /**
     * Of a claimable unit: the claims whose worker died (or was killed) working it; a silent RUNNING
     * unit's own claim counts.
     */
    public int lostClaims() {
        return claims - releases;
    }

    /** Gives the unit back unfinished, in good order: the next claim does not count it as lost. */
    public void release(int claim) {
        if (!runningClaim(claim)) {
            throw new IllegalStateException("unit " + unitIndex + " of run " + runId + " is not held by claim " + claim);
        }
        state = State.PENDING;
        releases++;
    }

    public void beat(Instant at) {
        heartbeatAt = at;
    }

    /** Records the unit's stored output and its stage times ({@code {"read": ms, …}}). */
    public void done(ContentHash output, String stageMillisJson, Instant at) {
        state = State.DONE;
        outputSha256 = output.hex();
        this.stageMillisJson = stageMillisJson;
        heartbeatAt = at;
    }

    public long id() {
        return id;
    }

    public long runId() {
        return runId;
    }

    public int unitIndex() {
        return unitIndex;
    }

    public int inputPosition() {
        return inputPosition;
    }

    public int firstRow() {
        return firstRow;
    }

    public int endRow() {
        return endRow;
    }

    public int tiles() {
        return tiles;
    }

    public State state() {
        return state;
    }

    public int claims() {
        return claims;
    }

    public Optional<String> node() {
        return Optional.ofNullable(node);
    }

    public Optional<String> device() {
        return Optional.ofNullable(device);
    }

    public Optional<ContentHash> output() {
        return Optional.ofNullable(outputSha256).map(ContentHash::new);
    }

    public Optional<String> stageMillisJson() {
        return Optional.ofNullable(stageMillisJson);
    }
}
