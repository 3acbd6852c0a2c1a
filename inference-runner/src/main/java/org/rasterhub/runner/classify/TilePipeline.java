package org.rasterhub.runner.classify;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.raster.RasterIoException;

/**
 * Runs batches of tiles through three overlapping stages: a reader thread prepares batch k+1 while
 * the calling thread runs the model on batch k and a writer thread writes batch k-1. Each stage owns
 * its GDAL datasets (they are not thread-safe), and batches are handed on through queues, so at most
 * {@value #DEPTH} batch buffers exist: memory stays bounded by a few batches whatever the raster
 * size. Stages see batches in order (with several model lanes, only the reader and the writer do).
 *
 * <p>The first failure in any stage stops the others after their current batch and is thrown from
 * {@link #run}; the threads have ended by then. Progress is reported on the calling thread, once per
 * written batch, so callers' {@link Progress} implementations need not be thread-safe.
 */
public final class TilePipeline {
    /** Batch buffers in flight: one being read, one in the model, one being written. */
    public static final int DEPTH = 3;
    private static final long POLL_MILLIS = 20;

    /** One stage's work on the batch holding tiles {@code first} to {@code first + count - 1}. */
    @FunctionalInterface
    public interface Stage<B> {
        void run(B batch, int first, int count) throws Exception;
    }

    private interface Body {
        void run() throws Exception;
    }

    private record Job<B>(B batch, int first, int count) {
    }

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Tiles written so far, one entry per written batch, for the calling thread to report. */
    private final Queue<Integer> written = new ConcurrentLinkedQueue<>();
    private final Progress progress;
    private final String stage;
    private final int tiles;

    private TilePipeline(Progress progress, String stage, int tiles) {
        this.progress = progress;
        this.stage = stage;
        this.tiles = tiles;
    }

    /**
     * Runs {@code tiles} tiles in batches of {@code batchSize}: {@code read} on a reader thread,
     * {@code infer} on the calling thread, {@code write} on a writer thread.
     *
     * @param newBatch makes one batch buffer; called at most {@value #DEPTH} times
     * @param progress told {@code (stage, tiles written, tiles)} after each written batch, on the
     *     calling thread
     * @param name prefix of the two threads' names, for thread dumps and logs
     * @throws RasterIoException, InferenceException, ModelOutputException or a RuntimeException as
     *     thrown by a stage (the first one)
     */
    public static <B> void run(int tiles, int batchSize, Supplier<B> newBatch, Stage<B> read,
                               Stage<B> infer, Stage<B> write, Progress progress, String stage,
                               String name)
            throws RasterIoException, InferenceException, ModelOutputException {
        run(tiles, batchSize, 1, newBatch, read, (batch, first, count, lane) -> infer.run(batch, first, count), write,
            progress, stage, name);
    }

    /** The model stage of one lane: lane {@code lane} runs its own copy of the model. */
    @FunctionalInterface
    public interface LaneStage<B> {
        void run(B batch, int first, int count, int lane) throws Exception;
    }

    /**
     * As {@link #run(int, int, Supplier, Stage, Stage, Stage, Progress, String, String)}, with
     * {@code lanes} model threads that each run batches on their own copy of the model (one per GPU),
     * so that a machine with N GPUs runs N batches at once. Batches reach the model in any order, but
     * the writer still sees them in order. {@value #DEPTH} + lanes - 1 buffers circulate: one in each
     * lane, one being read, one being written. One lane runs on the calling thread, as the other
     * {@code run}.
     */
    public static <B> void run(int tiles, int batchSize, int lanes, Supplier<B> newBatch, Stage<B> read,
                               LaneStage<B> infer, Stage<B> write, Progress progress, String stage,
                               String name)
            throws RasterIoException, InferenceException, ModelOutputException {
        if (lanes < 1) {
            throw new IllegalArgumentException("at least one lane, not " + lanes);
        }
        new TilePipeline(progress, stage, tiles).go(batchSize, lanes, newBatch, read, infer, write, name);
    }

    private <B> void go(int batchSize, int lanes, Supplier<B> newBatch, Stage<B> read,
                        LaneStage<B> infer, Stage<B> write, String name)
            throws RasterIoException, InferenceException, ModelOutputException {
        int buffers = Math.min(DEPTH + lanes - 1, Math.max(1, (tiles + batchSize - 1) / batchSize));
        // Spare places for the end markers (one per lane), so that a put never blocks.
        BlockingQueue<Job<B>> free = new ArrayBlockingQueue<>(buffers + lanes);
        BlockingQueue<Job<B>> toInfer = new ArrayBlockingQueue<>(buffers + lanes);
        BlockingQueue<Job<B>> toWrite = new ArrayBlockingQueue<>(buffers + lanes);
        for (int i = 0; i < buffers; i++) {
            free.add(new Job<>(newBatch.get(), 0, 0));
        }
        Job<B> end = new Job<>(null, -1, 0);
        Thread reader = thread(name + "-read", () -> {
            for (int first = 0; first < tiles; first += batchSize) {
                Job<B> job = take(free, false);
                if (job == null) {
                    return;
                }
                int count = Math.min(batchSize, tiles - first);
                read.run(job.batch(), first, count);
                toInfer.add(new Job<>(job.batch(), first, count));
            }
            for (int lane = 0; lane < lanes; lane++) {
                toInfer.add(end);
            }
        });
        Thread writer = thread(name + "-write", () -> {
            // Lanes finish batches out of order; each is written when those before it have been.
            java.util.SortedMap<Integer, Job<B>> early = new java.util.TreeMap<>();
            int next = 0;
            int ended = 0;
            while (ended < lanes) {
                Job<B> job = take(toWrite, false);
                if (job == null) {
                    return;
                }
                if (job == end) {
                    ended++;
                    continue;
                }
                early.put(job.first(), job);
                for (Job<B> ready = early.remove(next); ready != null; ready = early.remove(next)) {
                    write.run(ready.batch(), ready.first(), ready.count());
                    next = ready.first() + ready.count();
                    written.add(next);
                    free.add(ready);
                }
            }
        });
        List<Thread> otherLanes = new java.util.ArrayList<>();
        for (int lane = 1; lane < lanes; lane++) {
            int mine = lane;
            otherLanes.add(thread(name + "-model-" + lane, () -> infer(toInfer, toWrite, end, infer, mine, false)));
        }
        reader.start();
        writer.start();
        otherLanes.forEach(Thread::start);
        try {
            infer(toInfer, toWrite, end, infer, 0, true);
            while (writer.isAlive() && failure.get() == null) {
                reportWritten();
                writer.join(POLL_MILLIS);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
        joinUninterruptibly(reader);
        otherLanes.forEach(TilePipeline::joinUninterruptibly);
        joinUninterruptibly(writer);
        rethrow(failure.get());
        reportWritten();
    }

    /** One lane: runs the model on batches until the end marker, then passes the marker on to the writer. */
    private <B> void infer(BlockingQueue<Job<B>> toInfer, BlockingQueue<Job<B>> toWrite, Job<B> end,
                           LaneStage<B> infer, int lane, boolean caller) throws Exception {
        for (Job<B> job = take(toInfer, caller); job != null && job != end; job = take(toInfer, caller)) {
            infer.run(job.batch(), job.first(), job.count(), lane);
            toWrite.add(job);
        }
        toWrite.add(end);
    }

    private Thread thread(String name, Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    // Only ever called on the calling thread.
    private void reportWritten() {
        for (Integer done = written.poll(); done != null; done = written.poll()) {
            progress.update(stage, done, tiles);
        }
    }

    // Polls so that a failure elsewhere ends every stage without interrupting native calls; the
    // calling thread reports progress between polls.
    private <B> Job<B> take(BlockingQueue<Job<B>> queue, boolean caller) throws InterruptedException {
        while (failure.get() == null) {
            if (caller) {
                reportWritten();
            }
            Job<B> job = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (job != null) {
                return job;
            }
        }
        return null;
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rethrow(Throwable t)
            throws RasterIoException, InferenceException, ModelOutputException {
        if (t == null) {
            return;
        }
        if (t instanceof RasterIoException e) {
            throw e;
        }
        if (t instanceof InferenceException e) {
            throw e;
        }
        if (t instanceof ModelOutputException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("tile pipeline failed: " + t, t);
    }
}
