package org.rasterhub.runner.raster;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BandWindowReaderTest {
    private static final GeoTransform TRANSFORM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);

    @TempDir Path tmp;

    @Test
    void readsAWindowInsideTheRasterBandMajorInExtractOrder() throws Exception {
        Path file = planted(8, 6, 3);
        float[] into = new float[2 * 3 * 2];

        try (BandWindowReader reader = BandWindowReader.open(file, new int[] {2, 0})) {
            reader.read(4, 1, 3, 2, into, 0);
        }

        assertArrayEquals(new float[] {
            value(2, 1, 4), value(2, 1, 5), value(2, 1, 6),
            value(2, 2, 4), value(2, 2, 5), value(2, 2, 6),
            value(0, 1, 4), value(0, 1, 5), value(0, 1, 6),
            value(0, 2, 4), value(0, 2, 5), value(0, 2, 6)}, into);
    }

    @Test
    void pixelsPastTheEdgeAreMirroredWithoutRepeatingTheEdgePixel() throws Exception {
        Path file = planted(8, 6, 1);
        float[] into = new float[3 * 2];

        try (BandWindowReader reader = BandWindowReader.open(file, new int[] {0})) {
            reader.read(-2, 4, 3, 2, into, 0);   // columns -2..0, rows 4..5
        }

        assertArrayEquals(new float[] {
            value(0, 4, 2), value(0, 4, 1), value(0, 4, 0),
            value(0, 5, 2), value(0, 5, 1), value(0, 5, 0)}, into);
    }

    @Test
    void aWindowLargerThanTheRasterIsFilledByRepeatedMirroring() throws Exception {
        Path file = planted(3, 1, 1);
        float[] into = new float[9];

        try (BandWindowReader reader = BandWindowReader.open(file, new int[] {0})) {
            reader.read(-3, 0, 9, 1, into, 0);   // columns -3..5 of 0 1 2
        }

        float a = value(0, 0, 0);
        float b = value(0, 0, 1);
        float c = value(0, 0, 2);
        assertArrayEquals(new float[] {b, c, b, a, b, c, b, a, b}, into);
    }

    @Test
    void readsIntoABufferAtAnOffsetLeavingTheRestAlone() throws Exception {
        Path file = planted(8, 6, 1);
        float[] into = new float[6];
        into[0] = -1;
        into[1] = -1;

        try (BandWindowReader reader = BandWindowReader.open(file, new int[] {0})) {
            reader.read(0, 0, 2, 2, into, 2);
        }

        assertArrayEquals(new float[] {-1, -1, value(0, 0, 0), value(0, 0, 1), value(0, 1, 0),
            value(0, 1, 1)}, into);
    }

    @Test
    void aBufferTooSmallForTheWindowIsRejected() throws Exception {
        Path file = planted(8, 6, 2);

        try (BandWindowReader reader = BandWindowReader.open(file, new int[] {0, 1})) {
            var e = assertThrows(IllegalArgumentException.class,
                () -> reader.read(0, 0, 4, 4, new float[31], 0));
            assertTrue(e.getMessage().contains("needs 32 values"), e.getMessage());
        }
    }

    @Test
    void reportsSizeGeoreferencingAndNodataOfTheFile() throws Exception {
        Path file = planted(8, 6, 2);
        try (BandWindowReader reader = BandWindowReader.open(file, new int[] {0})) {
            assertEquals(OptionalDouble.empty(), reader.noData(0), "before nodata is set");
        }
        setNoData(file, 2, -9999);

        try (BandWindowReader reader = BandWindowReader.open(file, new int[] {1, 0})) {
            assertAll(
                () -> assertEquals(8, reader.width()),
                () -> assertEquals(6, reader.height()),
                () -> assertEquals(2, reader.bandCount()),
                () -> assertEquals(TRANSFORM, reader.transform()),
                () -> assertEquals(OptionalInt.of(32633), reader.crs().epsg()),
                () -> assertEquals(OptionalDouble.of(-9999), reader.noData(0)),
                // GeoTIFF has one GDAL_NODATA tag for all bands, so band 1 reports it too.
                () -> assertEquals(OptionalDouble.of(-9999), reader.noData(1)));
        }
    }

    @Test
    void aBandTheRasterLacksIsNamedWithTheBandCount() throws Exception {
        Path file = planted(8, 6, 3);

        RasterIoException e = assertThrows(RasterIoException.class,
            () -> BandWindowReader.open(file, new int[] {0, 3}));

        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("band 3 (0-based) but the raster has 3 band(s) (0-2)"),
            e.getMessage());
    }

    @Test
    void aTruncatedFileFailsOnReadNamingFileAndWindow() throws Exception {
        Path file = planted(300, 220, 3);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 3);
        }

        RasterIoException e = assertThrows(RasterIoException.class, () -> {
            try (BandWindowReader reader = BandWindowReader.open(file, new int[] {0, 1, 2})) {
                float[] into = new float[3 * 300 * 220];
                reader.read(0, 0, 300, 220, into, 0);
            }
        });

        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void mirrorMapsEveryIndexIntoTheRaster() {
        assertAll(
            () -> assertEquals(0, BandWindowReader.mirror(-7, 1)),
            () -> assertEquals(1, BandWindowReader.mirror(-1, 5)),
            () -> assertEquals(3, BandWindowReader.mirror(5, 5)),
            () -> assertEquals(0, BandWindowReader.mirror(8, 5)),
            () -> assertEquals(2, BandWindowReader.mirror(2, 5)));
    }

    private static float value(int band, int row, int col) {
        return band * 1000 + row * 100 + col + 0.5f;
    }

    private Path planted(int width, int height, int bands) throws Exception {
        FloatBands pixels = FloatBands.zeros(width, height, bands);
        for (int b = 0; b < bands; b++) {
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    pixels.set(b, row, col, value(b, row, col));
                }
            }
        }
        Path file = tmp.resolve("planted-" + width + "x" + height + "x" + bands + ".tif");
        GeoTiffs.write(file, pixels, TRANSFORM, 32633);
        return file;
    }

    private static void setNoData(Path file, int gdalBand, double value) {
        Dataset dataset = gdal.Open(file.toString(), gdalconst.GA_Update);
        try {
            assertEquals(gdalconst.CE_None, dataset.GetRasterBand(gdalBand).SetNoDataValue(value));
        } finally {
            dataset.delete();
        }
    }
}
