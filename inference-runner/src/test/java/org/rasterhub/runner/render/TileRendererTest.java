package org.rasterhub.runner.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.Projections;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.RasterIoException;

class TileRendererTest {
    // A 4 km square in UTM 33N (near 45 N, 15 E): columns 0-199 Water, 200-399 Forest, and rows
    // 300-399 of the Forest half nodata.
    static final double LEFT = 500_000;
    static final double TOP = 5_000_000;
    static final double PIXEL = 10;
    static final int SIZE = 400;
    static final ModelClass WATER = new ModelClass(0, "Water", 0, 92, 230);
    static final ModelClass FOREST = new ModelClass(1, "Forest", 38, 115, 0);
    static final int ZOOM = 14;

    @TempDir
    Path tmp;

    @Test
    void drawsEachClassInItsColourTableColourExactly() throws Exception {
        Path raster = classRaster();

        assertEquals(opaque(WATER), pixelAt(raster, TileStyle.CLASSES, LEFT + 500, TOP - 500));
        assertEquals(opaque(FOREST), pixelAt(raster, TileStyle.CLASSES, LEFT + 3000, TOP - 1000));
    }

    @Test
    void aThumbnailShowsTheWholeRasterInItsTileColoursWithinTheSizeAsked() throws Exception {
        Path raster = classRaster();

        BufferedImage thumbnail = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
            TileRenderer.thumbnailPng(raster, TileStyle.CLASSES, 128)));

        assertEquals(128, Math.max(thumbnail.getWidth(), thumbnail.getHeight()));
        assertTrue(Math.abs(thumbnail.getWidth() - thumbnail.getHeight()) <= 8,
            "a square raster stays about square: " + thumbnail.getWidth() + " x " + thumbnail.getHeight());
        int w = thumbnail.getWidth();
        int h = thumbnail.getHeight();
        assertEquals(opaque(WATER), thumbnail.getRGB(w / 4, h / 2), "left half is water");
        assertEquals(opaque(FOREST), thumbnail.getRGB(3 * w / 4, h / 4), "upper right is forest");
        assertEquals(0, thumbnail.getRGB(3 * w / 4, h * 9 / 10) >>> 24, "lower right is nodata");
        assertThrows(IllegalArgumentException.class, () -> TileRenderer.thumbnailPng(raster, TileStyle.CLASSES, 4));
    }

    @Test
    void forgettingADeletedFileClosesItsDatasetsSoItsDiskSpaceIsFreed() throws Exception {
        Path raster = classRaster();
        pixelAt(raster, TileStyle.CLASSES, LEFT + 500, TOP - 500);
        assertTrue(openHandles(raster) > 0, "the pool keeps the dataset open for the next tile");

        java.nio.file.Files.delete(raster);
        TileRenderer.forget(raster);

        assertEquals(0, openHandles(raster), "no handle keeps the deleted file's space");
    }

    @Test
    void atMostTheBoundOfIdleDatasetsStaysOpen() throws Exception {
        for (int i = 0; i < TileRenderer.MAX_IDLE_DATASETS + 8; i++) {
            Path raster = classRaster();
            Path copy = java.nio.file.Files.move(raster, tmp.resolve("copy-" + i + ".tif"));
            pixelAt(copy, TileStyle.CLASSES, LEFT + 500, TOP - 500);
        }
        assertTrue(TileRenderer.idleDatasets() <= TileRenderer.MAX_IDLE_DATASETS, "" + TileRenderer.idleDatasets());
    }

    // File descriptors of this process open on the file (Linux).
    private static long openHandles(Path file) throws Exception {
        String name = file.toAbsolutePath().toString();
        try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).toString().startsWith(name);
                } catch (java.io.IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void nodataPixelsAreTransparent() throws Exception {
        Path raster = classRaster();

        assertEquals(0, pixelAt(raster, TileStyle.CLASSES, LEFT + 3000, TOP - 3500) >>> 24);
    }

    @Test
    void pixelsBesideTheRasterInACoveringTileAreTransparent() throws Exception {
        Path raster = classRaster();

        assertEquals(0, pixelAt(raster, TileStyle.CLASSES, LEFT - 300, TOP - 500) >>> 24);
    }

    @Test
    void aTileOutsideTheRasterIsTheSharedTransparentTile() throws Exception {
        Path raster = classRaster();
        int[] tile = tileOf(mercator(LEFT + 500, TOP - 500), ZOOM);

        byte[] png = TileRenderer.renderPng(raster, TileStyle.CLASSES, ZOOM, tile[0] + 5, tile[1]);

        assertArrayEquals(TileRenderer.transparentPng(), png);
        BufferedImage image = decode(png);
        assertEquals(0, image.getRGB(128, 128) >>> 24);
    }

    @Test
    void imageryTileIsNotBlank() throws Exception {
        Path raster = tmp.resolve("imagery.tif");
        FloatBands bands = FloatBands.zeros(SIZE, SIZE, 3);
        for (int row = 0; row < SIZE; row++) {
            for (int col = 0; col < SIZE; col++) {
                bands.set(0, row, col, col);
                bands.set(1, row, col, row);
                bands.set(2, row, col, 100);
            }
        }
        GeoTiffs.write(raster, bands, GeoTransform.northUp(LEFT, TOP, PIXEL, PIXEL), 32633);
        double[] centre = mercator(LEFT + 2000, TOP - 2000);
        int[] tile = tileOf(centre, ZOOM);

        BufferedImage image = decode(TileRenderer.renderPng(raster, TileStyle.IMAGERY, ZOOM,
            tile[0], tile[1]));

        long opaque = 0;
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                int argb = image.getRGB(x, y);
                if (argb >>> 24 == 255) {
                    opaque++;
                    colours.add(argb);
                }
            }
        }
        assertTrue(opaque > 1000, "opaque pixels: " + opaque);
        assertTrue(colours.size() > 100, "distinct colours: " + colours.size());
    }

    @Test
    void oneBandImageryIsDrawnGreyStretchedToItsRange() throws Exception {
        Path raster = tmp.resolve("grey.tif");
        FloatBands band = FloatBands.zeros(SIZE, SIZE, 1);
        for (int row = 0; row < SIZE; row++) {
            for (int col = 0; col < SIZE; col++) {
                band.set(0, row, col, col < 200 ? 1000 : 3000);
            }
        }
        GeoTiffs.write(raster, band, GeoTransform.northUp(LEFT, TOP, PIXEL, PIXEL), 32633);

        assertEquals(0xff000000, pixelAt(raster, TileStyle.IMAGERY, LEFT + 500, TOP - 500), "low end: black");
        assertEquals(0xffffffff, pixelAt(raster, TileStyle.IMAGERY, LEFT + 3000, TOP - 500), "high end: white");
    }

    @Test
    void aFileReplacedAtTheSamePathIsReadAgain() throws Exception {
        Path raster = classRaster();
        assertEquals(opaque(WATER), pixelAt(raster, TileStyle.CLASSES, LEFT + 500, TOP - 500));
        Thread.sleep(20);   // a new modification time, whatever the file system's resolution in ms

        try (ClassMapWriter writer = ClassMapWriter.create(raster, SIZE, SIZE,
                GeoTransform.northUp(LEFT, TOP, PIXEL, PIXEL), Projections.crs(32633), List.of(WATER, FOREST), 0)) {
            byte[] forest = new byte[SIZE * SIZE];
            java.util.Arrays.fill(forest, (byte) 1);
            writer.write(0, 0, SIZE, SIZE, forest);
            writer.finish();
        }

        assertEquals(opaque(FOREST), pixelAt(raster, TileStyle.CLASSES, LEFT + 500, TOP - 500));
    }

    @Test
    void extentMatchesTheCornersTransformedByOsr() throws Exception {
        Path raster = classRaster();

        Extent extent = TileRenderer.extentWebMercator(raster).orElseThrow();

        double[] lowerLeft = Projections.transform(32633, 4326, LEFT, TOP - SIZE * PIXEL);
        double[] upperRight = Projections.transform(32633, 4326, LEFT + SIZE * PIXEL, TOP);
        double[] upperLeft = Projections.transform(32633, 4326, LEFT, TOP);
        double[] lowerRight = Projections.transform(32633, 4326, LEFT + SIZE * PIXEL, TOP - SIZE * PIXEL);
        assertEquals(Math.min(lowerLeft[0], upperLeft[0]), extent.minLon(), 1e-5);
        assertEquals(Math.max(lowerRight[0], upperRight[0]), extent.maxLon(), 1e-5);
        assertEquals(Math.min(lowerLeft[1], lowerRight[1]), extent.minLat(), 1e-5);
        assertEquals(Math.max(upperLeft[1], upperRight[1]), extent.maxLat(), 1e-5);
        double[] m = mercator(LEFT, TOP);
        assertEquals(Math.min(m[0], mercator(LEFT, TOP - SIZE * PIXEL)[0]), extent.minX(), 1.0);
        assertEquals(Math.max(m[1], mercator(LEFT + SIZE * PIXEL, TOP)[1]), extent.maxY(), 1.0);
    }

    @Test
    void rasterWithoutCrsHasNoExtent() throws Exception {
        Path raster = tmp.resolve("nocrs.tif");
        try (ClassMapWriter writer = ClassMapWriter.create(raster, 32, 32,
                GeoTransform.northUp(0, 32, 1, 1), new Crs("", OptionalInt.empty()), List.of(WATER),
                0)) {
            writer.write(0, 0, 32, 32, new byte[32 * 32]);
            writer.finish();
        }

        assertTrue(TileRenderer.extentWebMercator(raster).isEmpty());
        RasterIoException e = assertThrows(RasterIoException.class,
            () -> TileRenderer.renderPng(raster, TileStyle.CLASSES, 0, 0, 0));
        assertTrue(e.getMessage().contains("has no CRS"), e.getMessage());
    }

    @Test
    void imageryIsRefusedAsAClassRaster() throws Exception {
        Path raster = tmp.resolve("float.tif");
        GeoTiffs.write(raster, FloatBands.zeros(8, 8, 3), GeoTransform.northUp(LEFT, TOP, PIXEL,
            PIXEL), 32633);

        RasterIoException e = assertThrows(RasterIoException.class,
            () -> TileRenderer.renderPng(raster, TileStyle.CLASSES, 0, 0, 0));
        assertTrue(e.getMessage().contains("is not a class raster: it has 3 bands"), e.getMessage());
    }

    @Test
    void refusesZoomAndTileNumbersOutsideTheGrid() throws Exception {
        Path raster = classRaster();

        IllegalArgumentException zoom = assertThrows(IllegalArgumentException.class,
            () -> TileRenderer.renderPng(raster, TileStyle.CLASSES, 25, 0, 0));
        assertEquals("zoom must be 0-24, was 25", zoom.getMessage());
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
            () -> TileRenderer.renderPng(raster, TileStyle.CLASSES, 2, 4, 0));
        assertEquals("tile x and y at zoom 2 must be 0-3, were x=4 y=0", x.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> TileRenderer.renderPng(raster, TileStyle.CLASSES, 2, 0, -1));
    }

    @Test
    void missingFileSaysSo() {
        Path missing = tmp.resolve("gone.tif");

        RasterIoException e = assertThrows(RasterIoException.class,
            () -> TileRenderer.renderPng(missing, TileStyle.CLASSES, 0, 0, 0));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void aProbabilityRasterIsDrawnOnTheRampByItsHighestBandAndNaNIsTransparent() throws Exception {
        // Two bands: 0.2 / 0.1 in the west half (highest 0.2), 0.3 / 0.9 in the east (highest 0.9),
        // NaN in rows 300-399 of the east half.
        Path raster = measureRaster(true, col -> col < 200 ? new float[] {0.2f, 0.1f} : new float[] {0.3f, 0.9f});

        assertEquals(ColourRamp.argb(0.2), pixelAt(raster, TileStyle.RESULT, LEFT + 500, TOP - 500));
        assertEquals(ColourRamp.argb(0.9), pixelAt(raster, TileStyle.RESULT, LEFT + 3000, TOP - 1000));
        assertEquals(0, pixelAt(raster, TileStyle.RESULT, LEFT + 3000, TOP - 3500) >>> 24);
        assertEquals(new MeasureRange(0, 1, true), MeasureRange.of(raster));
    }

    @Test
    void valuesAreDrawnOnTheRampFromTheirTwoToNinetyEightPercentValues() throws Exception {
        // One band: 10 in the west half, 30 in the east: 10 is the darkest colour, 30 the lightest.
        Path raster = measureRaster(false, col -> new float[] {col < 200 ? 10f : 30f});

        assertEquals(new MeasureRange(10, 30, false), MeasureRange.of(raster));
        assertEquals(ColourRamp.argb(0), pixelAt(raster, TileStyle.RESULT, LEFT + 500, TOP - 500));
        assertEquals(ColourRamp.argb(1), pixelAt(raster, TileStyle.RESULT, LEFT + 3000, TOP - 1000));
        // A class raster asked for as a result is drawn in its classes' colours.
        assertEquals(opaque(WATER), pixelAt(classRaster(), TileStyle.RESULT, LEFT + 500, TOP - 500));
    }

    private Path measureRaster(boolean probabilities, java.util.function.IntFunction<float[]> valuesAtColumn)
            throws Exception {
        Path raster = tmp.resolve(probabilities ? "probabilities.tif" : "values.tif");
        int bands = valuesAtColumn.apply(0).length;
        try (org.rasterhub.runner.raster.FloatRasterWriter writer = org.rasterhub.runner.raster.FloatRasterWriter
                .create(raster, SIZE, SIZE, GeoTransform.northUp(LEFT, TOP, PIXEL, PIXEL), Projections.crs(32633),
                    java.util.Collections.nCopies(bands, "measure"), probabilities, 0)) {
            for (int b = 0; b < bands; b++) {
                float[] values = new float[SIZE * SIZE];
                for (int row = 0; row < SIZE; row++) {
                    for (int col = 0; col < SIZE; col++) {
                        values[row * SIZE + col] = col >= 200 && row >= 300 ? Float.NaN : valuesAtColumn.apply(col)[b];
                    }
                }
                writer.write(b, 0, 0, SIZE, SIZE, values);
            }
            writer.finish();
        }
        return raster;
    }

    private Path classRaster() throws Exception {
        Gdal.init();
        Path raster = tmp.resolve("classes.tif");
        byte[] values = new byte[SIZE * SIZE];
        for (int row = 0; row < SIZE; row++) {
            for (int col = 0; col < SIZE; col++) {
                values[row * SIZE + col] = (byte) (col < 200 ? 0 : row >= 300 ? 255 : 1);
            }
        }
        try (ClassMapWriter writer = ClassMapWriter.create(raster, SIZE, SIZE,
                GeoTransform.northUp(LEFT, TOP, PIXEL, PIXEL), Projections.crs(32633), List.of(WATER, FOREST), 0)) {
            writer.write(0, 0, SIZE, SIZE, values);
            writer.finish();
        }
        return raster;
    }

    /** The rendered colour at a UTM 33N point, from the zoom-14 tile that holds it. */
    private static int pixelAt(Path raster, TileStyle style, double easting, double northing)
            throws Exception {
        double[] m = mercator(easting, northing);
        int[] tile = tileOf(m, ZOOM);
        BufferedImage image = decode(TileRenderer.renderPng(raster, style, ZOOM, tile[0], tile[1]));
        double tileSize = 2 * TileAddress.ORIGIN / (1 << ZOOM);
        int px = (int) Math.floor((m[0] - (-TileAddress.ORIGIN + tile[0] * tileSize)) / tileSize * 256);
        int py = (int) Math.floor(((TileAddress.ORIGIN - tile[1] * tileSize) - m[1]) / tileSize * 256);
        return image.getRGB(px, py);
    }

    static int[] tileOf(double[] mercator, int zoom) {
        double tileSize = 2 * TileAddress.ORIGIN / (1 << zoom);
        return new int[] {(int) Math.floor((mercator[0] + TileAddress.ORIGIN) / tileSize),
            (int) Math.floor((TileAddress.ORIGIN - mercator[1]) / tileSize)};
    }

    static double[] mercator(double easting, double northing) {
        return Projections.transform(32633, 3857, easting, northing);
    }

    private static int opaque(ModelClass c) {
        return 0xff000000 | c.red() << 16 | c.green() << 8 | c.blue();
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(256, image.getWidth());
        assertEquals(256, image.getHeight());
        return image;
    }
}
