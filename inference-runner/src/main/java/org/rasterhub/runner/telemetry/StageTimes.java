package org.rasterhub.runner.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a run's time went, stage by stage: the busy time of each stage, added up over every thread
 * that worked in it. Reading, the model and writing overlap in the tile pipeline, so the stages can
 * add up to more than the run's wall time; the largest one is what limits the run. Thread-safe.
 */
public final class StageTimes {

    /** The stages of a run, in the order it meets them. */
    public enum Stage {
        /** Re-checking the SHA-256 of the model and of every input before anything reads them. */
        VERIFY("verify"),
        /** Scanning the model file again and loading it into its engine. */
        LOAD_MODEL("loadModel"),
        /** Reading tiles or chips through GDAL, with the input scaling. */
        READ("read"),
        /** The model itself: the engine's forward passes. */
        MODEL("model"),
        /** Turning the model's outputs into results: class maps, scores, boxes, suppression. */
        POST_PROCESS("postProcess"),
        /** Writing the output files: the COG, GeoPackage and GeoJSON. */
        WRITE("write"),
        /** Writing a run's outputs from the outputs of its work units. */
        MERGE("merge"),
        /** Storing the outputs content-addressed and drawing their thumbnails. */
        STORE("store");

        private final String key;

        Stage(String key) {
            this.key = key;
        }

        /** The stage's name in the run's JSON. */
        public String key() {
            return key;
        }
    }

    private final LongAdder[] nanos = new LongAdder[Stage.values().length];

    public StageTimes() {
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = new LongAdder();
        }
    }

    /** Adds the time from {@code startNanos} (a {@link System#nanoTime()} reading) until now. */
    public void since(Stage stage, long startNanos) {
        nanos[stage.ordinal()].add(Math.max(0, System.nanoTime() - startNanos));
    }

    /** Adds busy time measured elsewhere (a work unit's, on another runner). */
    public void add(Stage stage, long millis) {
        nanos[stage.ordinal()].add(Math.max(0, millis) * 1_000_000);
    }

    /** The stage's busy time so far, in milliseconds. */
    public long millis(Stage stage) {
        return nanos[stage.ordinal()].sum() / 1_000_000;
    }

    /** Every stage's busy time in milliseconds, keyed by {@link Stage#key()}, in stage order. */
    public Map<String, Long> millis() {
        Map<String, Long> millis = new LinkedHashMap<>();
        for (Stage stage : Stage.values()) {
            millis.put(stage.key(), millis(stage));
        }
        return millis;
    }
}
