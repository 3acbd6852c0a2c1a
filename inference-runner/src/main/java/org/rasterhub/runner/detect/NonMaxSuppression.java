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
    private static final Comparator<Detection> ORDER = Comparator
        .comparingDouble((Detection d) -> -d.score())
        .thenComparingDouble(d -> d.box().minY())
        .thenComparingDouble(d -> d.box().minX())
        .thenComparingDouble(d -> d.box().maxY())
        .thenComparingDouble(d -> d.box().maxX());

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
        if (detections.size() < 2) {
            return List.copyOf(detections);
        }
        double cell = 1;
        for (Detection d : detections) {
            cell = Math.max(cell, Math.max(d.box().width(), d.box().height()));
        }
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(ORDER);
        Map<CellKey, List<Detection>> grid = new HashMap<>();
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : sorted) {
            if (!suppressed(candidate, grid, cell, overlap)) {
                kept.add(candidate);
                forEachCell(candidate.box(), cell, (cx, cy) ->
                    grid.computeIfAbsent(new CellKey(candidate.classValue(), cx, cy),
                        k -> new ArrayList<>()).add(candidate));
            }
        }
        return kept;
    }

    private static boolean suppressed(Detection candidate, Map<CellKey, List<Detection>> grid,
                                      double cell, double overlap) {
        PixelBox box = candidate.box();
        long x0 = (long) Math.floor(box.minX() / cell);
        long x1 = (long) Math.floor(box.maxX() / cell);
        long y0 = (long) Math.floor(box.minY() / cell);
        long y1 = (long) Math.floor(box.maxY() / cell);
        for (long cy = y0; cy <= y1; cy++) {
            for (long cx = x0; cx <= x1; cx++) {
                List<Detection> others = grid.get(new CellKey(candidate.classValue(), cx, cy));
                if (others == null) {
                    continue;
                }
                for (Detection other : others) {
                    if (box.iou(other.box()) > overlap) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void forEachCell(PixelBox box, double cell, CellVisitor visitor) {
        long x0 = (long) Math.floor(box.minX() / cell);
        long x1 = (long) Math.floor(box.maxX() / cell);
        long y0 = (long) Math.floor(box.minY() / cell);
        long y1 = (long) Math.floor(box.maxY() / cell);
        for (long cy = y0; cy <= y1; cy++) {
            for (long cx = x0; cx <= x1; cx++) {
                visitor.visit(cx, cy);
            }
        }
    }

    @FunctionalInterface
    private interface CellVisitor {
        void visit(long cx, long cy);
    }

    private record CellKey(int classValue, long x, long y) {
    }
}
