package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.rasterhub.core.ingest.Progress;

class TilePipelineTest {

    @Test
    void everyStageSeesEveryBatchInOrderWithAShortLastBatch() throws Exception {
        List<String> read = Collections.synchronizedList(new ArrayList<>());
        List<String> inferred = new ArrayList<>();
        List<String> written = Collections.synchronizedList(new ArrayList<>());

        TilePipeline.<int[]>run(10, 4, () -> new int[1],
            (b, first, count) -> read.add(first + "+" + count),
            (b, first, count) -> inferred.add(first + "+" + count),
            (b, first, count) -> written.add(first + "+" + count), Progress.NONE, "stage", "test");

        List<String> expected = List.of("0+4", "4+4", "8+2");
        assertEquals(expected, read);
        assertEquals(expected, inferred);
        assertEquals(expected, written);
    }

    @Test
    void withSeveralModelLanesBatchesFinishOutOfOrderButAreWrittenInOrder() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        List<Long> done = new ArrayList<>();
        java.util.Set<Integer> lanesUsed = java.util.concurrent.ConcurrentHashMap.newKeySet();

        // Lane 0 is slow: the batches of lanes 1 and 2 are ready before its.
        TilePipeline.<int[]>run(20, 2, 3, () -> new int[1], (b, first, count) -> { },
            (b, first, count, lane) -> {
                lanesUsed.add(lane);
                Thread.sleep(lane == 0 ? 30 : 2);
            },
            (b, first, count) -> written.add(first + "+" + count), (stage, d, total) -> done.add(d), "stage", "test");

        List<String> inOrder = new ArrayList<>();
        for (int first = 0; first < 20; first += 2) {
            inOrder.add(first + "+2");
        }
        assertEquals(inOrder, written);
        assertEquals(List.of(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L), done);
        assertEquals(java.util.Set.of(0, 1, 2), lanesUsed);
    }

    @Test
    void progressIsReportedOnTheCallingThreadOncePerWrittenBatchInOrder() throws Exception {
        Thread caller = Thread.currentThread();
        List<Long> done = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        TilePipeline.<int[]>run(10, 3, () -> new int[1], (b, first, count) -> { },
            (b, first, count) -> { }, (b, first, count) -> Thread.sleep(5),
            (stage, d, total) -> {
                if (Thread.currentThread() != caller || !"stage".equals(stage) || total != 10) {
                    problems.add(Thread.currentThread().getName() + " " + stage + " " + total);
                }
                done.add(d);
            }, "stage", "test");

        assertEquals(List.of(3L, 6L, 9L, 10L), done);
        assertEquals(List.of(), problems);
    }

    @Test
    void atMostThreeBatchBuffersCirculateAndEachCarriesItsOwnTiles() throws Exception {
        Set<int[]> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        AtomicInteger made = new AtomicInteger();

        TilePipeline.<int[]>run(100, 1, () -> {
            made.incrementAndGet();
            return new int[1];
        },
            (b, first, count) -> b[0] = first,
            (b, first, count) -> {
                if (b[0] != first) {
                    throw new IllegalStateException("batch " + first + " holds " + b[0]);
                }
            },
            (b, first, count) -> {
                buffers.add(b);
                if (b[0] != first) {
                    throw new IllegalStateException("batch " + first + " holds " + b[0]);
                }
            }, Progress.NONE, "stage", "test");

        assertEquals(TilePipeline.DEPTH, made.get());
        assertEquals(TilePipeline.DEPTH, buffers.size());
    }

    @Test
    void aReaderFailureIsThrownAsIsAndStopsTheOtherStages() {
        IllegalStateException failure = new IllegalStateException("x.tif: boom");
        AtomicInteger inferred = new AtomicInteger();

        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
            TilePipeline.<int[]>run(1000, 1, () -> new int[1],
                (b, first, count) -> {
                    if (first == 5) {
                        throw failure;
                    }
                },
                (b, first, count) -> inferred.incrementAndGet(),
                (b, first, count) -> { }, Progress.NONE, "stage", "test"));

        assertSame(failure, e);
        assertTrue(inferred.get() <= 5, "inferred " + inferred.get() + " batches");
    }

    @Test
    void aModelFailureIsThrownAsIsWhileTheWriterStops() {
        AtomicInteger written = new AtomicInteger();
        UnsupportedOperationException failure = new UnsupportedOperationException("engine says no");

        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () ->
            TilePipeline.<int[]>run(1000, 1, () -> new int[1],
                (b, first, count) -> { },
                (b, first, count) -> {
                    if (first == 3) {
                        throw failure;
                    }
                },
                (b, first, count) -> written.incrementAndGet(), Progress.NONE, "stage", "test"));

        assertSame(failure, e);
        assertTrue(written.get() <= 3, "wrote " + written.get() + " batches");
    }

    @Test
    void aWriterFailureIsThrownWithItsType() {
        ModelOutputException failure = new ModelOutputException(new long[] {1, 8, 8}, "bad class");

        ModelOutputException e = assertThrows(ModelOutputException.class, () ->
            TilePipeline.<int[]>run(50, 2, () -> new int[1],
                (b, first, count) -> { },
                (b, first, count) -> { },
                (b, first, count) -> {
                    throw failure;
                }, Progress.NONE, "stage", "test"));

        assertSame(failure, e);
    }
}
