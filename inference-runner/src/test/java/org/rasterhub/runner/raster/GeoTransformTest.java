package org.rasterhub.runner.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rasterhub.runner.tiling.Window;

class GeoTransformTest {
    // 10 m pixels, raster 300 x 220 covering x 500000..503000, y 5797800..5800000
    private static final GeoTransform UTM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);

    @Test
    void anExtentOnPixelEdgesBecomesExactlyThosePixels() {
        Window window = UTM.pixelWindowOf(500_100, 5_799_000, 500_300, 5_799_800, 300, 220);

        assertEquals(new Window(10, 20, 20, 80), window);
    }

    @Test
    void anExtentCuttingPixelsTakesEveryPixelItTouches() {
        Window window = UTM.pixelWindowOf(500_105, 5_799_001, 500_295.5, 5_799_799, 300, 220);

        assertEquals(new Window(10, 20, 20, 80), window);
    }

    @Test
    void anExtentReachingPastTheRasterIsClippedToIt() {
        Window window = UTM.pixelWindowOf(499_000, 5_799_500, 500_050, 5_801_000, 300, 220);

        assertEquals(new Window(0, 0, 5, 50), window);
    }

    @Test
    void anExtentOutsideTheRasterIsRefusedWithBothExtents() {
        var e = assertThrows(IllegalArgumentException.class,
            () -> UTM.pixelWindowOf(600_000, 5_799_000, 600_100, 5_799_100, 300, 220));

        assertTrue(e.getMessage().contains("does not overlap the raster of 300 x 220 pixels"),
            e.getMessage());
        assertTrue(e.getMessage().contains("minX=500000.0, minY=5797800.0, maxX=503000.0,"
            + " maxY=5800000.0"), e.getMessage());
    }

    @Test
    void anExtentTouchingOnlyTheRastersEdgeDoesNotOverlapIt() {
        assertThrows(IllegalArgumentException.class,
            () -> UTM.pixelWindowOf(503_000, 5_799_000, 503_100, 5_799_100, 300, 220));
    }

    @Test
    void anEmptyExtentIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
            () -> UTM.pixelWindowOf(500_300, 5_799_000, 500_100, 5_799_800, 300, 220));

        assertTrue(e.getMessage().contains("min < max"), e.getMessage());
    }

    @Test
    void aRotatedTransformMapsTheExtentsCorners() {
        // Rotated 90 degrees: columns run south, rows run east.
        GeoTransform rotated = new GeoTransform(0, 0, 1, 100, -1, 0);

        Window window = rotated.pixelWindowOf(2, 90, 5, 97, 50, 50);

        assertEquals(new Window(3, 2, 7, 3), window);
    }

    @Test
    void shiftingMovesTheOriginToTheWindowsCorner() {
        assertArrayEquals(new double[] {500_100, 10, 0, 5_799_800, 0, -10},
            UTM.shiftedBy(10, 20).toGdal());
        GeoTransform rotated = new GeoTransform(0, 0, 1, 100, -1, 0);
        assertArrayEquals(new double[] {2, 0, 1, 97, -1, 0}, rotated.shiftedBy(3, 2).toGdal());
    }
}
