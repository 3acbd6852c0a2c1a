package org.rasterhub.core.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.zip.CRC32;
import org.rasterhub.core.storage.ContentHash;

/**
 * Writes an entry's inflated bytes to its staging file while computing SHA-256 and CRC-32, on a
 * second thread, so inflating the next chunk overlaps hashing and writing the last one. Inflate is
 * the slow step (~170 MB/s a core against ~1.3 GB/s for SHA-256 with CPU support); run in line, the
 * hashing and writing would add half again to every upload. Memory: {@link #BUFFERS} buffers of
 * {@link #BUFFER_BYTES}. One instance per entry; not thread-safe itself.
 */
final class ChecksummingWriter implements AutoCloseable {
    static final int BUFFERS = 3;
    static final int BUFFER_BYTES = 1 << 20;

    /**
     * Dirty pages are pushed to disk every this many bytes, on the worker, so the fsync before the
     * blob store's rename finds little left to write instead of stalling the upload at its end.
     */
    static final long FLUSH_EVERY_BYTES = 32L << 20;

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Executor worker;
    private final FileChannel out;
    private final MessageDigest sha256 = ContentHash.newDigest();
    private final CRC32 crc;
    private final boolean durable;
    private final boolean hashOnCaller;
    private long unflushed;
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    /**
     * @param worker  runs tasks one at a time, in order (a single-thread executor)
     * @param withCrc whether to compute CRC-32 too (zip entries have one to check against)
     * @param durable whether to push the data to disk as it is written, every
     *                {@link #FLUSH_EVERY_BYTES}, so the final fsync is short
     * @param hashOnCaller hash on the submitting thread, leaving only the write to the worker: right
     *                when the caller has little else to do (copying an upload), wrong when it inflates
     */
    ChecksummingWriter(Path target, Executor worker, boolean withCrc, boolean durable, boolean hashOnCaller)
            throws IOException {
        this.worker = worker;
        this.crc = withCrc ? new CRC32() : null;
        this.durable = durable;
        this.hashOnCaller = hashOnCaller;
        this.out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER_BYTES]);
        }
    }

    /** A buffer to fill; blocks while all are being hashed and written. */
    byte[] buffer() throws IOException {
        failIfWorkerFailed();
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the writer");
        }
    }

    /** Hands {@code length} bytes of a buffer from {@link #buffer()} to the worker. */
    void submit(byte[] buffer, int length) throws IOException {
        failIfWorkerFailed();
        if (hashOnCaller) {
            sha256.update(buffer, 0, length);
        }
        pending = pending.thenRunAsync(() -> {
            try {
                if (!hashOnCaller) {
                    sha256.update(buffer, 0, length);
                }
                if (crc != null) {
                    crc.update(buffer, 0, length);
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                unflushed += length;
                if (durable && unflushed >= FLUSH_EVERY_BYTES) {
                    out.force(false);
                    unflushed = 0;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                free.add(buffer);
            }
        }, worker);
    }

    /**
     * Waits for the last chunk; the file is complete and closed afterwards. Not forced here: a small
     * file's fsync would wait behind the journal commit of everything else being written, and the
     * blob store forces each file before its rename anyway.
     */
    Sums finish() throws IOException {
        await();
        out.close();
        return new Sums(ContentHash.of(sha256), crc == null ? -1 : crc.getValue());
    }

    @Override
    public void close() throws IOException {
        try {
            pending.join();
        } catch (RuntimeException ignored) {
            // the failure was or will be reported by finish() or submit()
        }
        out.close();
    }

    private void failIfWorkerFailed() throws IOException {
        if (pending.isCompletedExceptionally()) {
            await();
        }
    }

    private void await() throws IOException {
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException("writing the entry failed", cause);
        }
    }

    record Sums(ContentHash sha256, long crc32) {
    }
}
