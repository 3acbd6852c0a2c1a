package org.rasterhub.runner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

    private static Detection d(double x, double y, double size, int classValue, float score) {
        return new Detection(new PixelBox(x, y, x + size, y + size), classValue, score);
    }

    @Test
    void iouIsIntersectionOverUnion() {
        PixelBox a = new PixelBox(0, 0, 10, 10);
        assertEquals(1.0, a.iou(new PixelBox(0, 0, 10, 10)), 1e-12);
        assertEquals(50.0 / 150.0, a.iou(new PixelBox(5, 0, 15, 10)), 1e-12);
        assertEquals(0.0, a.iou(new PixelBox(10, 0, 20, 10)), 1e-12, "touching edges share no area");
        assertEquals(0.0, a.iou(new PixelBox(3, 3, 3, 3)), 1e-12, "a box without area overlaps nothing");
    }

    @Test
    void theHigherScoringOfTwoOverlappingSameClassBoxesIsKept() {
        Detection strong = d(0, 0, 10, 1, 0.9f);
        Detection weak = d(2, 0, 10, 1, 0.8f);

        assertEquals(List.of(strong), NonMaxSuppression.suppress(List.of(weak, strong), 0.1));
    }

    @Test
    void overlappingBoxesOfDifferentClassesAreBothKept() {
        Detection car = d(0, 0, 10, 1, 0.9f);
        Detection boat = d(1, 1, 10, 2, 0.8f);

        assertEquals(List.of(car, boat), NonMaxSuppression.suppress(List.of(boat, car), 0.1));
    }

    @Test
    void anOverlapAtOrBelowTheThresholdIsKept() {
        Detection a = d(0, 0, 10, 1, 0.9f);
        Detection b = d(5, 0, 10, 1, 0.8f);   // IoU 1/3

        assertEquals(2, NonMaxSuppression.suppress(List.of(a, b), 1.0 / 3).size());
        assertEquals(1, NonMaxSuppression.suppress(List.of(a, b), 0.33).size());
    }

    @Test
    void seamDuplicatesFromNeighbouringTilesCollapseToOne() {
        // The same object seen by two tiles, boxes off by a pixel.
        Detection left = d(26, 40, 12, 1, 0.97f);
        Detection right = d(27, 40, 12, 1, 0.99f);

        assertEquals(List.of(right), NonMaxSuppression.suppress(List.of(left, right), 0.1));
    }

    @Test
    void suppressionDoesNotDependOnInputOrderAndMatchesTheQuadraticDefinition() {
        Random random = new Random(5);
        List<Detection> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            all.add(d(random.nextInt(400), random.nextInt(400), 4 + random.nextInt(30),
                1 + random.nextInt(2), random.nextInt(1000) / 1000f));
        }
        List<Detection> expected = quadratic(all, 0.3);
        Collections.shuffle(all, random);

        assertEquals(expected, NonMaxSuppression.suppress(all, 0.3));
    }

    @Test
    void hundredThousandSmallDetectionsTakeWellUnderASecond() {
        Random random = new Random(9);
        List<Detection> all = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            all.add(d(random.nextDouble() * 20_000, random.nextDouble() * 20_000, 12, 1,
                random.nextFloat()));
        }
        long started = System.nanoTime();
        NonMaxSuppression.suppress(all, 0.1);
        long ms = (System.nanoTime() - started) / 1_000_000;

        // Quadratic would be 5e9 IoU computations: many seconds.
        assertTrue(ms < 5000, "took " + ms + " ms");
    }

    @Test
    void anOverlapOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NonMaxSuppression.suppress(List.of(), 1.5));
    }

    private static List<Detection> quadratic(List<Detection> detections, double overlap) {
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(java.util.Comparator.comparingDouble((Detection x) -> -x.score())
            .thenComparingDouble(x -> x.box().minY()).thenComparingDouble(x -> x.box().minX())
            .thenComparingDouble(x -> x.box().maxY()).thenComparingDouble(x -> x.box().maxX()));
        List<Detection> kept = new ArrayList<>();
        for (Detection c : sorted) {
            boolean drop = false;
            for (Detection k : kept) {
                if (k.classValue() == c.classValue() && k.box().iou(c.box()) > overlap) {
                    drop = true;
                    break;
                }
            }
            if (!drop) {
                kept.add(c);
            }
        }
        return kept;
    }
}
