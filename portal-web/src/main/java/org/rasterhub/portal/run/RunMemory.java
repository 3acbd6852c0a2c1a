package org.rasterhub.portal.run;

import java.util.Locale;
import java.util.Optional;

/**
 * What one batch of a run needs in memory, computed in {@code long} (tile 4096 × batch 64 overflows an
 * {@code int}): the input tensor, the output tensor, and a copy of each on its way to and from the
 * engine. The pre-flight refuses, with the figures, a run whose batch cannot fit in half the heap.
 */
public final class RunMemory {
    private RunMemory() {
    }

    /** Bytes one batch of {@code batchSize} tiles of {@code tileSize}² pixels needs for its tensors. */
    public static long bytesPerBatch(int tileSize, int batchSize, int bands, int outputChannels) {
        long pixels = (long) tileSize * tileSize * batchSize;
        return pixels * Float.BYTES * (Math.max(1, bands) + Math.max(1, outputChannels)) * 2;
    }

    /**
     * Why the batch does not fit in half of {@code heapBytes}, with the figures; empty when it does.
     */
    public static Optional<String> whyNotFit(int tileSize, int batchSize, int bands, int outputChannels,
                                             long heapBytes) {
        long needed = bytesPerBatch(tileSize, batchSize, bands, outputChannels);
        if (needed <= heapBytes / 2) {
            return Optional.empty();
        }
        return Optional.of("tiles of " + tileSize + " × " + tileSize + " in batches of " + batchSize + " with "
                + bands + " band(s) and " + outputChannels + " output channel(s) need about " + size(needed)
                + " per batch, more than half of this runner's " + size(heapBytes) + " heap; use a smaller batch"
                + " size or tile");
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MiB", Math.max(1, bytes >> 20));
    }
}
