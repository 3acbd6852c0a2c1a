package org.rasterhub.runner.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy non-maximum suppression per class: detections are taken by descending score, and one is
 * dropped when its IoU with an already kept detection of the same class is above the overlap
 * threshold. Kept detections are indexed in a uniform grid of cells as large as the largest box, so
 * each candidate is compared only with the kept boxes of the (at most 2 x 2) cells it touches: about
 * linear for many small boxes (100k detections) instead of quadratic.
 *
 * <p>Stateless and thread-safe.
 */
public final class NonMaxSuppression {
    // Highest score first; equal scores in a fixed order so that results never depend on input order.
    private static final Comparator<Detection> ORDER = (a, b) -> {
        int c = Float.compare(b.score(), a.score());
        if (c == 0) {
            c = Double.compare(a.box().minY(), b.box().minY());
        }
        if (c == 0) {
            c = Double.compare(a.box().minX(), b.box().minX());
        }
        if (c == 0) {
            c = Double.compare(a.box().maxY(), b.box().maxY());
        }
        return c != 0 ? c : Double.compare(a.box().maxX(), b.box().maxX());
    };

    private NonMaxSuppression() {
    }

    /**
     * The detections that survive, by descending score.
     *
     * @param overlap IoU above which the lower scoring of two same-class detections is dropped, 0 to
     *     1 (0 drops any overlap; 1 keeps everything)
     */
    public static List<Detection> suppress(List<Detection> detections, double overlap) {
        if (!(overlap >= 0 && overlap <= 1)) {
            throw new IllegalArgumentException("NMS overlap must be 0 to 1, was " + overlap);
        }
        Map<Integer, List<Detection>> byClass = new HashMap<>();
        for (Detection d : detections) {
            byClass.computeIfAbsent(d.classValue(), k -> new ArrayList<>()).add(d);
        }
        List<Detection> kept = new ArrayList<>();
        for (List<Detection> sameClass : byClass.values()) {
            sameClass.sort(ORDER);
            kept.addAll(new CellIndex(sameClass).survivors(overlap));
        }
        kept.sort(ORDER);
        return kept;
    }

    /**
     * Kept boxes of one class by the grid cell of their top-left corner. Cells are as large as the
     * largest box, so a box can only overlap boxes whose corner lies in its own cell or one of the
     * eight around it. Open addressing over primitive arrays: no object per box or cell.
     */
    private static final class CellIndex {
        private final List<Detection> sorted;
        private final double cell;
        private final long[] slotKeys;
        private final int[] slotHeads;
        private final int[] next;
        private final int mask;

        CellIndex(List<Detection> sorted) {
            this.sorted = sorted;
            double largest = 1;
            for (Detection d : sorted) {
                largest = Math.max(largest, Math.max(d.box().width(), d.box().height()));
            }
            this.cell = largest;
            int slots = Integer.highestOneBit(Math.max(4, sorted.size() * 2 - 1)) << 1;
            this.slotKeys = new long[slots];
            this.slotHeads = new int[slots];
            java.util.Arrays.fill(slotHeads, -1);
            this.next = new int[sorted.size()];
            this.mask = slots - 1;
        }

        List<Detection> survivors(double overlap) {
            List<Detection> kept = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                PixelBox box = sorted.get(i).box();
                long cx = (long) Math.floor(box.minX() / cell);
                long cy = (long) Math.floor(box.minY() / cell);
                if (!overlapsKept(box, cx, cy, overlap)) {
                    kept.add(sorted.get(i));
                    int slot = slot(key(cx, cy));
                    slotKeys[slot] = key(cx, cy);
                    next[i] = slotHeads[slot];
                    slotHeads[slot] = i;
                }
            }
            return kept;
        }

        private boolean overlapsKept(PixelBox box, long cx, long cy, double overlap) {
            for (long y = cy - 1; y <= cy + 1; y++) {
                for (long x = cx - 1; x <= cx + 1; x++) {
                    int slot = slot(key(x, y));
                    for (int j = slotHeads[slot]; j >= 0; j = next[j]) {
                        if (box.iou(sorted.get(j).box()) > overlap) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        // The slot holding key, or the empty slot where it would go (linear probing).
        private int slot(long key) {
            int slot = (int) (mix(key) & mask);
            while (slotHeads[slot] >= 0 && slotKeys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        // Cell indexes of any raster GDAL can hold fit 32 bits each.
        private static long key(long cx, long cy) {
            return (cx << 32) ^ (cy & 0xFFFF_FFFFL);
        }

        private static long mix(long key) {
            long h = key * 0x9E37_79B9_7F4A_7C15L;
            return h ^ (h >>> 29);
        }
    }
}
