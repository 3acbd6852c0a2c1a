package org.rasterhub.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.testing.TestDatabase;

/** A run's life and its inputs and outputs, through Hibernate on the migrated H2 schema. */
class InferenceRunTest {
    private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");
    private static final ContentHash A = hash('a');
    private static final ContentHash B = hash('b');
    private static final ContentHash C = hash('c');

    @TempDir
    Path folder;
    private TestDatabase database;
    private long itemId;

    @BeforeEach
    void migrate() throws Exception {
        database = new TestDatabase(folder);
        try (var connection = database.dataSource().getConnection();
             var statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO catalog_item (title, owner, created_at, modified_at)"
                    + " VALUES ('model', 'ann', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            try (var ids = statement.executeQuery("SELECT MAX(id) FROM catalog_item")) {
                ids.next();
                itemId = ids.getLong(1);
            }
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void inputsAndOutputsKeepTheirOrderAndHashes() {
        RasterItem before = persist(raster("before", A));
        RasterItem after = persist(raster("after", B));
        InferenceRun run = persist(new InferenceRun("ann", "detect_change", itemId, 1, C, C,
                List.of(RunInput.raster(RunInput.Role.FROM, before), RunInput.raster(RunInput.Role.TO, after)),
                "{}", T0, null));
        inTransaction(em -> {
            InferenceRun found = em.find(InferenceRun.class, run.id());
            found.start(10, T0);
            found.progress(4, T0.plusSeconds(1));
            found.succeed(List.of(new RunOutput(0, RunOutput.Kind.CHANGE_RASTER, RunOutput.Format.COG, "change.tif",
                    A, 100, null)), "{\"transitions\":[]}", T0.plusSeconds(2));
        });

        InferenceRun read = find(run.id());
        assertEquals(RunStatus.SUCCEEDED, read.status());
        assertEquals(List.of(RunInput.Role.FROM, RunInput.Role.TO), read.inputs().stream().map(RunInput::role).toList());
        assertEquals(List.of(A, B), read.inputs().stream().map(RunInput::sha256).toList());
        assertEquals(before.id(), read.rasterId(), "the first raster is kept in raster_id too");
        assertEquals(1, read.outputs().size());
        assertEquals(A, read.resultSha256().orElseThrow());
        assertEquals(10, read.tilesDone());
        assertEquals(1, read.attempts());
        assertEquals(2, database.rows("run_input"));
        assertEquals(1, database.rows("run_output"));
    }

    @Test
    void aFeatureLayerIsAnInputBesideItsRaster() {
        RasterItem image = persist(raster("image", A));
        FeatureItem features = persist(new FeatureItem("parcels", "ann", B, 10, "parcels.geojson", "GeoJSON", 3,
                "Polygon", OptionalInt.of(32632), T0));
        InferenceRun run = persist(new InferenceRun("ann", "classify_objects", itemId, 1, C, C,
                List.of(RunInput.raster(RunInput.Role.RASTER, image), RunInput.features(features)), "{}", T0, null));

        InferenceRun read = find(run.id());
        assertEquals(features.id(), read.inputs().get(1).featureId().orElseThrow());
        assertTrue(read.inputs().get(1).rasterId().isEmpty());
    }

    @Test
    void aQueuedRunIsCancelledAtOnceARunningOneWhenItsWorkerStops() {
        InferenceRun queued = newRun();
        assertTrue(queued.requestCancel(T0));
        assertEquals(RunStatus.CANCELLED, queued.status());

        InferenceRun running = newRun();
        running.start(8, T0);
        running.progress(3, T0);
        assertFalse(running.requestCancel(T0));
        assertEquals(RunStatus.RUNNING, running.status());
        assertTrue(running.cancelRequested());
        running.cancelled(3, T0.plusSeconds(1));
        assertEquals(RunStatus.CANCELLED, running.status());
        assertEquals("cancelled after 3 of 8 tiles", running.message().orElseThrow());
        assertThrows(IllegalStateException.class, () -> running.requestCancel(T0));
    }

    @Test
    void aRestartedRunBeginsAgainFromItsFirstTile() {
        InferenceRun run = newRun();
        run.start(8, T0);
        run.progress(5, T0);
        run.restart(8, T0.plusSeconds(60));
        assertEquals(0, run.tilesDone());
        assertEquals(2, run.attempts());
        assertEquals(T0.plusSeconds(60), run.heartbeatAt().orElseThrow());
        InferenceRun queued = newRun();
        assertThrows(IllegalStateException.class, () -> queued.restart(8, T0), "only a running run restarts");
    }

    @Test
    void aRunWhoseServerStoppedGoesBackToTheQueue() {
        InferenceRun run = newRun();
        run.start(8, T0);
        run.progress(5, T0);
        run.requeue(T0.plusSeconds(90));
        assertEquals(RunStatus.QUEUED, run.status());
        assertEquals(0, run.tilesDone());
        assertTrue(run.message().orElseThrow().contains("stopped"));
        run.start(8, T0.plusSeconds(95));
        assertEquals(2, run.attempts());
        assertThrows(IllegalStateException.class, () -> newRun().requeue(T0), "only a running run is requeued");
    }

    @Test
    void howItsRunnerStoppedIsToldWhenTheRunIsQueuedAgainAndWhenItGivesUp() {
        InferenceRun run = newRun();
        run.start(8, T0);
        run.runnerStopped("crashed in native code (SIGSEGV)");
        assertEquals("the runner of attempt 1: crashed in native code (SIGSEGV)", run.message().orElseThrow());
        assertTrue(run.requeue(T0.plusSeconds(60)));
        assertTrue(run.message().orElseThrow().endsWith("the server running attempt 1 stopped (crashed in native"
                + " code (SIGSEGV))"), run.message().orElseThrow());
        run.start(8, T0.plusSeconds(61));
        run.runnerStopped("was killed (SIGKILL)");
        assertTrue(run.restart(8, T0.plusSeconds(120)));
        assertFalse(run.restart(8, T0.plusSeconds(200)), "attempt 3's runner stopped with no word: no fourth");
        assertFalse(run.message().orElseThrow().contains("The last time"),
                "attempt 2's stop is not attempt 3's: " + run.message().orElseThrow());

        InferenceRun crashing = newRun();
        crashing.start(8, T0);
        crashing.restart(8, T0);
        crashing.restart(8, T0);
        crashing.runnerStopped("crashed in native code (SIGABRT)");
        assertFalse(crashing.restart(8, T0));
        assertTrue(crashing.message().orElseThrow().contains("The last time it crashed in native code (SIGABRT)."),
                crashing.message().orElseThrow());
        assertThrows(IllegalStateException.class, () -> crashing.runnerStopped("again"), "only a running run");
    }

    @Test
    void aRunWhoseServerKeepsStoppingFailsAfterItsLastAttemptInsteadOfLoopingForEver() {
        InferenceRun run = newRun();
        run.start(8, T0);
        assertTrue(run.requeue(T0.plusSeconds(60)), "attempt 1 stopped: queued again");
        run.start(8, T0.plusSeconds(61));
        assertTrue(run.restart(8, T0.plusSeconds(120)), "attempt 2 stopped: picked up again");
        assertEquals(InferenceRun.MAX_ATTEMPTS, run.attempts());
        assertTrue(run.runningAttempt(3));
        assertFalse(run.runningAttempt(2), "the worker of attempt 2 is stale");

        assertFalse(run.requeue(T0.plusSeconds(200)), "attempt 3 stopped: no fourth");

        assertEquals(RunStatus.FAILED, run.status());
        assertTrue(run.message().orElseThrow().contains("stopped mid-run on each of its 3 attempts"),
                run.message().orElseThrow());
        assertFalse(run.runningAttempt(3), "a failed run takes no writes from any worker");
        InferenceRun restarted = newRun();
        restarted.start(8, T0);
        restarted.restart(8, T0);
        restarted.restart(8, T0);
        assertFalse(restarted.restart(8, T0), "picked up a fourth time: fails too");
        assertEquals(RunStatus.FAILED, restarted.status());
    }

    @Test
    void aWriteFromAStaleReadFailsInsteadOfUndoingACancel() {
        InferenceRun run = persist(newRun());
        inTransaction(em -> em.find(InferenceRun.class, run.id()).start(8, T0));
        EntityManager worker = database.entityManagerFactory().createEntityManager();
        try {
            worker.getTransaction().begin();
            InferenceRun seenByWorker = worker.find(InferenceRun.class, run.id());
            // Meanwhile the owner asks to cancel, in a transaction of its own.
            inTransaction(em -> em.find(InferenceRun.class, run.id()).requestCancel(T0.plusSeconds(1)));
            seenByWorker.progress(5, T0.plusSeconds(2));
            assertThrows(jakarta.persistence.RollbackException.class, () -> worker.getTransaction().commit());
        } finally {
            worker.close();
        }
        InferenceRun read = find(run.id());
        assertTrue(read.cancelRequested(), "the cancel stands");
        assertEquals(0, read.tilesDone());
    }

    @Test
    void aRunNeedsARasterAndASuccessNeedsAFile() {
        FeatureItem features = persist(new FeatureItem("f", "ann", B, 1, "f.geojson", "GeoJSON", 1, "Point",
                OptionalInt.empty(), T0));
        assertThrows(IllegalArgumentException.class, () -> new InferenceRun("ann", "classify_objects", itemId, 1,
                C, C, List.of(RunInput.features(features)), "{}", T0, null));
        InferenceRun run = newRun();
        run.start(1, T0);
        assertThrows(IllegalArgumentException.class, () -> run.succeed(List.of(), null, T0));
    }

    private InferenceRun newRun() {
        return new InferenceRun("ann", "classify_pixels", itemId, 1, C, C,
                List.of(RunInput.raster(RunInput.Role.RASTER, persist(raster("r", A)))), "{}", T0, null);
    }

    private static RasterItem raster(String title, ContentHash hash) {
        return new RasterItem(title, "ann", hash, 10, title + ".tif", 64, 64, 3, OptionalInt.of(32632), T0);
    }

    private <T> T persist(T entity) {
        inTransaction(em -> em.persist(entity));
        return entity;
    }

    private InferenceRun find(long id) {
        EntityManager em = database.entityManagerFactory().createEntityManager();
        try {
            return em.find(InferenceRun.class, id);
        } finally {
            em.close();
        }
    }

    private void inTransaction(Consumer<EntityManager> work) {
        EntityManager em = database.entityManagerFactory().createEntityManager();
        try {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        } finally {
            em.close();
        }
    }

    private static ContentHash hash(char c) {
        return new ContentHash(String.valueOf(c).repeat(64));
    }
}
