package org.rasterhub.runner.raster;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoTiffsTest {
    private static final int UTM_33N = 32633;

    @TempDir Path tmp;

    @Test
    void readsBackWhatItWroteWithSizeGeotransformCrsAndEveryPixel() throws Exception {
        FloatBands planted = plantedPattern(64, 48, 3);
        GeoTransform transform = GeoTransform.northUp(500_000, 5_800_000, 10, 10);
        Path file = tmp.resolve("planted.tif");

        GeoTiffs.write(file, planted, transform, UTM_33N);
        GeoRaster read = GeoTiffs.read(file);

        FloatBands pixels = read.pixels();
        assertAll(
            () -> assertEquals(64, pixels.width(), "width"),
            () -> assertEquals(48, pixels.height(), "height"),
            () -> assertEquals(3, pixels.bandCount(), "bands"),
            () -> assertArrayEquals(new double[] {500_000, 10, 0, 5_800_000, 0, -10},
                read.transform().toGdal(), "geotransform"),
            () -> assertEquals(OptionalInt.of(UTM_33N), read.crs().epsg(), "EPSG code"),
            () -> assertTrue(read.crs().wkt().contains("UTM zone 33N"), read.crs().wkt()),
            () -> assertArrayEquals(planted.values(), pixels.values(), "pixel values"),
            () -> assertEquals(2000.25f + 47 * 64 + 63, pixels.get(2, 47, 63), "last pixel"));
    }

    @Test
    void openingAMissingFileNamesTheFile() {
        Path missing = tmp.resolve("no-such-scene.tif");

        RasterIoException e = assertThrows(RasterIoException.class, () -> GeoTiffs.read(missing));

        assertEquals(missing, e.file());
        assertTrue(e.getMessage().startsWith(missing.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void openingAFileThatIsNotARasterQuotesGdal() throws Exception {
        Path notRaster = Files.writeString(tmp.resolve("notes.tif"), "not a raster");

        RasterIoException e = assertThrows(RasterIoException.class, () -> GeoTiffs.read(notRaster));

        assertEquals(notRaster, e.file());
        assertTrue(e.getMessage().contains("not recognized as a supported file format"),
            e.getMessage());
    }

    @Test
    void writingWithAnUnknownEpsgCodeFailsAndLeavesNoFile() {
        Path file = tmp.resolve("bad-crs.tif");

        RasterIoException e = assertThrows(RasterIoException.class, () -> GeoTiffs.write(file,
            plantedPattern(8, 8, 1), GeoTransform.northUp(0, 0, 1, 1), 999_999));

        assertTrue(e.getMessage().contains("EPSG:999999"), e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing was written"), e.getMessage());
        assertFalse(Files.exists(file), "no file may be left behind");
    }

    // Every value distinct and exact in float32, so any misplaced or converted pixel shows.
    private static FloatBands plantedPattern(int width, int height, int bands) {
        FloatBands pixels = FloatBands.zeros(width, height, bands);
        for (int b = 0; b < bands; b++) {
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    pixels.set(b, row, col, b * 1000 + row * width + col + 0.25f);
                }
            }
        }
        return pixels;
    }
}
