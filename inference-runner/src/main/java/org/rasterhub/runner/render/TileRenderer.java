package org.rasterhub.runner.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.gdal.gdal.Band;
import org.gdal.gdal.ColorTable;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.WarpOptions;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osr;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GdalGate;
import org.rasterhub.runner.raster.RasterIoException;

/**
 * Renders 256 x 256 PNG map tiles of a raster file in Web Mercator (EPSG:3857, XYZ scheme) and
 * reports its extent for "zoom to layer".
 *
 * <p>A tile is the raster warped into the tile's EPSG:3857 bounds (GDAL picks the fitting
 * overview of a COG), coloured in Java and encoded as RGBA PNG; pixels outside the raster or
 * nodata are transparent. Facts read once per file (extent, colour table, stretch) are cached by
 * path, size and modification time.
 *
 * <p>Thread-safe: GDAL datasets are not, so open datasets are lent to one thread at a time from a
 * bounded pool ({@value #MAX_IDLE_DATASETS} idle at most; reopening cost ~1 ms a tile and halved
 * throughput under 20 clients, docs/benchmarks.md). {@link #forget} closes a file's datasets, so a
 * deleted file's disk space is freed.
 */
public final class TileRenderer {
    /** Edge of a tile in pixels. */
    public static final int TILE_SIZE = 256;
    /** Class value meaning "no class" in class rasters (see ClassMapWriter). */
    static final int CLASS_NO_DATA = 255;
    /** Longest side of the decimated read that imagery statistics come from. */
    static final int STATISTICS_SAMPLE = 1024;
    static final double LOW_PERCENT = 2;
    static final double HIGH_PERCENT = 98;
    private static final int MAX_CACHED_FILES = 512;
    private static final Map<FileKey, FileFacts> FACTS = new ConcurrentHashMap<>();
    /** Datasets kept open for reuse; a tile of a recently seen file skips GDAL's open (~1 ms). */
    static final int MAX_IDLE_DATASETS = 16;
    private static final DatasetPool<OpenKey> POOL = new DatasetPool<>(MAX_IDLE_DATASETS);
    private static final byte[] TRANSPARENT = encode(new BufferedImage(TILE_SIZE, TILE_SIZE,
        BufferedImage.TYPE_INT_ARGB));

    private TileRenderer() {
    }

    /**
     * Renders tile {@code z/x/y} of {@code raster}.
     *
     * @return PNG bytes, 256 x 256 RGBA; a shared transparent tile, without warping, when the tile
     *     lies outside the raster
     * @throws IllegalArgumentException when z is outside 0-24 or x, y outside 0..2^z-1
     * @throws RasterIoException when the file cannot be read, has no CRS, or does not fit the style
     *     (CLASSES needs one Byte band with a colour table)
     */
    public static byte[] renderPng(Path raster, TileStyle style, int z, int x, int y)
            throws RasterIoException {
        TileAddress tile = new TileAddress(z, x, y);
        FileKey key = FileKey.of(raster, style);   // one stat a tile: for the facts and the pool
        FileFacts facts = facts(raster, key);
        if (!facts.extent.overlapsMercator(tile.minX(), tile.minY(), tile.maxX(), tile.maxY())) {
            return TRANSPARENT.clone();
        }
        Gdal.init();
        gdal.PushErrorHandler("CPLQuietErrorHandler");
        try {
            OpenKey file = OpenKey.of(key);
            Dataset source = POOL.borrow(file);
            try {
                if (source == null) {
                    source = open(raster);
                }
                return encode(draw(raster, source, style, Frame.of(tile), facts));
            } finally {
                POOL.giveBack(file, source);
            }
        } finally {
            gdal.PopErrorHandler();
        }
    }

    /**
     * A preview of the whole raster in Web Mercator, at most {@code maxSize} pixels on its longer
     * side, in the same colours as its tiles: what a results list shows before anyone opens a map.
     *
     * @throws IllegalArgumentException when maxSize is not 16-1024
     * @throws RasterIoException as {@link #renderPng}
     */
    public static byte[] thumbnailPng(Path raster, TileStyle style, int maxSize) throws RasterIoException {
        if (maxSize < 16 || maxSize > 1024) {
            throw new IllegalArgumentException("thumbnail size must be 16-1024 pixels, was " + maxSize);
        }
        FileKey key = FileKey.of(raster, style);
        FileFacts facts = facts(raster, key);
        Extent e = facts.extent;
        double spanX = Math.max(e.maxX() - e.minX(), 1e-9);
        double spanY = Math.max(e.maxY() - e.minY(), 1e-9);
        int width = spanX >= spanY ? maxSize : Math.max(1, (int) Math.round(maxSize * spanX / spanY));
        int height = spanY >= spanX ? maxSize : Math.max(1, (int) Math.round(maxSize * spanY / spanX));
        Gdal.init();
        gdal.PushErrorHandler("CPLQuietErrorHandler");
        try {
            OpenKey file = OpenKey.of(key);
            Dataset source = POOL.borrow(file);
            try {
                if (source == null) {
                    source = open(raster);
                }
                return encode(draw(raster, source, style, new Frame(e.minX(), e.minY(), e.maxX(), e.maxY(), width,
                    height, "thumbnail"), facts));
            } finally {
                POOL.giveBack(file, source);
            }
        } finally {
            gdal.PopErrorHandler();
        }
    }

    private static BufferedImage draw(Path raster, Dataset source, TileStyle style, Frame frame, FileFacts facts)
            throws RasterIoException {
        return switch (facts.drawn) {
            case CLASSES -> classes(raster, source, frame, facts);
            case IMAGERY -> imagery(raster, source, frame, facts);
            default -> measures(raster, source, frame, facts);
        };
    }

    /** EPSG:3857 bounds drawn into {@code width} x {@code height} pixels; {@code name} for messages. */
    private record Frame(double minX, double minY, double maxX, double maxY, int width, int height, String name) {
        static Frame of(TileAddress tile) {
            return new Frame(tile.minX(), tile.minY(), tile.maxX(), tile.maxY(), TILE_SIZE, TILE_SIZE,
                "tile " + tile.z() + "/" + tile.x() + "/" + tile.y());
        }

        int pixels() {
            return width * height;
        }
    }

    /**
     * The raster's bounding box in lon/lat and EPSG:3857, from its edges densified (21 points per
     * edge) so curved edges of a reprojected box are covered.
     *
     * @return empty when the raster has no CRS or georeferencing
     * @throws RasterIoException when the file cannot be opened as a raster
     */
    public static Optional<Extent> extentWebMercator(Path raster) throws RasterIoException {
        Gdal.init();
        gdal.PushErrorHandler("CPLQuietErrorHandler");
        try {
            Dataset source = open(raster);
            try {
                return extentOf(raster, source);
            } finally {
                source.delete();
            }
        } finally {
            gdal.PopErrorHandler();
        }
    }

    /** The transparent tile returned for tiles outside a raster. */
    public static byte[] transparentPng() {
        return TRANSPARENT.clone();
    }

    private static BufferedImage classes(Path raster, Dataset source, Frame frame,
            FileFacts facts) throws RasterIoException {
        // Nearest: class values are labels, an average of two classes is a third, wrong class.
        Dataset warped = warp(raster, source, frame, "near");
        try {
            byte[] values = new byte[frame.pixels()];
            byte[] alpha = new byte[frame.pixels()];
            read(raster, warped.GetRasterBand(1), frame, values);
            read(raster, warped.GetRasterBand(warped.GetRasterCount()), frame, alpha);
            int[] argb = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                argb[i] = alpha[i] == 0 ? 0 : facts.palette[values[i] & 0xff];
            }
            return image(argb, frame);
        } finally {
            warped.delete();
        }
    }

    private static BufferedImage measures(Path raster, Dataset source, Frame frame, FileFacts facts)
            throws RasterIoException {
        // Bilinear: measures may be interpolated, unlike class values.
        Dataset warped = warp(raster, source, frame, "bilinear");
        try {
            int pixels = frame.pixels();
            int bands = warped.GetRasterCount() - 1;
            float[] highest = new float[pixels];
            float[] band = new float[pixels];
            Arrays.fill(highest, Float.NaN);
            for (int b = 1; b <= bands; b++) {
                read(raster, warped.GetRasterBand(b), frame, band);
                for (int i = 0; i < pixels; i++) {
                    if (Float.isNaN(highest[i]) || band[i] > highest[i]) {
                        highest[i] = band[i];
                    }
                }
            }
            byte[] alpha = new byte[pixels];
            read(raster, warped.GetRasterBand(warped.GetRasterCount()), frame, alpha);
            int[] argb = new int[pixels];
            for (int i = 0; i < pixels; i++) {
                if (alpha[i] != 0 && !Float.isNaN(highest[i])) {
                    argb[i] = ColourRamp.argb(facts.range.position(highest[i]));
                }
            }
            return image(argb, frame);
        } finally {
            warped.delete();
        }
    }

    private static BufferedImage imagery(Path raster, Dataset source, Frame frame,
            FileFacts facts) throws RasterIoException {
        Dataset warped = warp(raster, source, frame, "bilinear");
        try {
            int pixels = frame.pixels();
            int colourBands = facts.low.length;
            float[][] bands = new float[colourBands][pixels];
            for (int b = 0; b < colourBands; b++) {
                read(raster, warped.GetRasterBand(b + 1), frame, bands[b]);
            }
            byte[] alpha = new byte[pixels];
            read(raster, warped.GetRasterBand(warped.GetRasterCount()), frame, alpha);
            int[] argb = new int[pixels];
            for (int i = 0; i < pixels; i++) {
                if (alpha[i] == 0) {
                    continue;
                }
                int r = stretch(bands[0][i], facts.low[0], facts.high[0]);
                int g = colourBands == 3 ? stretch(bands[1][i], facts.low[1], facts.high[1]) : r;
                int b = colourBands == 3 ? stretch(bands[2][i], facts.low[2], facts.high[2]) : r;
                argb[i] = 0xff000000 | r << 16 | g << 8 | b;
            }
            return image(argb, frame);
        } finally {
            warped.delete();
        }
    }

    private static int stretch(float value, double low, double high) {
        double scaled = (value - low) / (high - low) * 255.0;
        return (int) Math.max(0, Math.min(255, Math.round(scaled)));
    }

    private static Dataset warp(Path raster, Dataset source, Frame frame, String resampling)
            throws RasterIoException {
        // -dstalpha: a last band that is 0 outside the raster and where the source is nodata.
        WarpOptions options = new WarpOptions(new Vector<>(Arrays.asList("-of", "MEM",
            "-t_srs", "EPSG:3857",
            "-te", Double.toString(frame.minX()), Double.toString(frame.minY()),
            Double.toString(frame.maxX()), Double.toString(frame.maxY()),
            "-ts", Integer.toString(frame.width()), Integer.toString(frame.height()),
            "-r", resampling, "-dstalpha")));
        try {
            gdal.ErrorReset();
            Dataset warped = gdal.Warp("", new Dataset[] {source}, options);
            if (warped == null) {
                throw new RasterIoException(raster, "warping " + frame.name() + " to EPSG:3857 failed: "
                    + lastError());
            }
            return warped;
        } finally {
            options.delete();
        }
    }

    private static void read(Path raster, Band band, Frame frame, byte[] into) throws RasterIoException {
        check(raster, band.ReadRaster(0, 0, frame.width(), frame.height(), frame.width(), frame.height(),
            gdalconst.GDT_Byte, into), "reading a warped " + frame.name());
    }

    private static void read(Path raster, Band band, Frame frame, float[] into) throws RasterIoException {
        check(raster, band.ReadRaster(0, 0, frame.width(), frame.height(), frame.width(), frame.height(),
            gdalconst.GDT_Float32, into), "reading a warped " + frame.name());
    }

    private static void check(Path raster, int cplErr, String step) throws RasterIoException {
        if (cplErr != gdalconst.CE_None) {
            throw new RasterIoException(raster, step + " failed: " + lastError());
        }
    }

    private static BufferedImage image(int[] argb, Frame frame) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, frame.width(), frame.height(), argb, 0, frame.width());
        return image;
    }

    // Workaround GDAL 3.6 Java bindings: they lack VSIGetMemFileBuffer, so a PNG written by GDAL's
    // driver to /vsimem cannot be read back; ImageIO encodes in memory instead. Recheck on upgrade.
    private static byte[] encode(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a PNG in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static FileFacts facts(Path raster, FileKey key) throws RasterIoException {
        TileStyle style = key.style();
        FileFacts cached = FACTS.get(key);
        if (cached != null) {
            return cached;
        }
        Gdal.init();
        gdal.PushErrorHandler("CPLQuietErrorHandler");
        FileFacts facts;
        try {
            Dataset source = open(raster);
            try {
                Extent extent = extentOf(raster, source).orElseThrow(() -> new RasterIoException(raster,
                    "has no CRS or georeferencing; it cannot be placed on a map"));
                boolean measures = style == TileStyle.RESULT && source.GetRasterCount() >= 1
                    && source.GetRasterBand(1).getDataType() == gdalconst.GDT_Float32;
                facts = style == TileStyle.IMAGERY ? stretchFacts(raster, source, extent)
                    : measures ? new FileFacts(TileStyle.RESULT, extent, null, null, null,
                        MeasureRange.of(raster, source))
                    : new FileFacts(TileStyle.CLASSES, extent, palette(raster, source), null, null, null);
            } finally {
                source.delete();
            }
        } finally {
            gdal.PopErrorHandler();
        }
        if (FACTS.size() >= MAX_CACHED_FILES) {
            FACTS.clear();   // crude bound; facts are cheap to recompute and files are few
        }
        FACTS.put(key, facts);
        return facts;
    }

    private static int[] palette(Path raster, Dataset source) throws RasterIoException {
        if (source.GetRasterCount() != 1) {
            throw new RasterIoException(raster, "is not a class raster: it has "
                + source.GetRasterCount() + " bands, expected 1 Byte band with a colour table");
        }
        Band band = source.GetRasterBand(1);
        if (band.getDataType() != gdalconst.GDT_Byte) {
            throw new RasterIoException(raster, "is not a class raster: its band is "
                + gdal.GetDataTypeName(band.getDataType()) + ", expected Byte with a colour table");
        }
        ColorTable table = band.GetRasterColorTable();
        if (table == null) {
            throw new RasterIoException(raster, "is not a class raster: its band has no colour table");
        }
        int[] argb = new int[256];
        for (int value = 0; value < Math.min(256, table.GetCount()); value++) {
            argb[value] = table.GetColorEntry(value).getRGB();
        }
        argb[CLASS_NO_DATA] = 0;
        return argb;
    }

    private static FileFacts stretchFacts(Path raster, Dataset source, Extent extent)
            throws RasterIoException {
        int bands = source.GetRasterCount() >= 3 ? 3 : 1;
        int width = source.GetRasterXSize();
        int height = source.GetRasterYSize();
        double scale = Math.min(1.0, (double) STATISTICS_SAMPLE / Math.max(width, height));
        int sampleWidth = Math.max(1, (int) Math.round(width * scale));
        int sampleHeight = Math.max(1, (int) Math.round(height * scale));
        double[] low = new double[bands];
        double[] high = new double[bands];
        for (int b = 0; b < bands; b++) {
            Band band = source.GetRasterBand(b + 1);
            float[] sample = new float[sampleWidth * sampleHeight];
            // A decimated read uses the overviews when there are any; nothing is written next to
            // the file (ComputeStatistics would leave a .aux.xml in the blob store).
            check(raster, band.ReadRaster(0, 0, width, height, sampleWidth, sampleHeight,
                gdalconst.GDT_Float32, sample), "reading band " + (b + 1) + " for statistics");
            Double[] noData = new Double[1];
            band.GetNoDataValue(noData);
            float[] valid = noData[0] == null ? sample : withoutValue(sample, noData[0].floatValue());
            Arrays.sort(valid);
            if (valid.length == 0) {
                low[b] = 0;
                high[b] = 1;
                continue;
            }
            low[b] = valid[(int) ((valid.length - 1) * LOW_PERCENT / 100)];
            high[b] = valid[(int) ((valid.length - 1) * HIGH_PERCENT / 100)];
            if (high[b] <= low[b]) {
                high[b] = low[b] + 1;   // a constant band: draw it dark, not divide by zero
            }
        }
        return new FileFacts(TileStyle.IMAGERY, extent, null, low, high, null);
    }

    private static float[] withoutValue(float[] sample, float noData) {
        int n = 0;
        float[] kept = new float[sample.length];
        for (float v : sample) {
            if (v != noData && !Float.isNaN(v)) {
                kept[n++] = v;
            }
        }
        return Arrays.copyOf(kept, n);
    }

    private static Optional<Extent> extentOf(Path raster, Dataset source) throws RasterIoException {
        SpatialReference srs = source.GetSpatialRef();
        if (srs == null) {
            return Optional.empty();
        }
        double[] gt = source.GetGeoTransform();
        double[] xs = new double[4];
        double[] ys = new double[4];
        int[][] corners = {{0, 0}, {source.GetRasterXSize(), 0}, {0, source.GetRasterYSize()},
            {source.GetRasterXSize(), source.GetRasterYSize()}};
        for (int i = 0; i < 4; i++) {
            xs[i] = gt[0] + corners[i][0] * gt[1] + corners[i][1] * gt[2];
            ys[i] = gt[3] + corners[i][0] * gt[4] + corners[i][1] * gt[5];
        }
        double minX = Arrays.stream(xs).min().orElseThrow();
        double maxX = Arrays.stream(xs).max().orElseThrow();
        double minY = Arrays.stream(ys).min().orElseThrow();
        double maxY = Arrays.stream(ys).max().orElseThrow();
        SpatialReference mercator = new SpatialReference();
        SpatialReference wgs84 = new SpatialReference();
        try {
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            mercator.ImportFromEPSG(3857);
            wgs84.ImportFromEPSG(4326);
            // Without this, EPSG:4326 comes back as latitude, longitude.
            mercator.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            double[] m = bounds(raster, srs, mercator, minX, minY, maxX, maxY);
            double[] g = bounds(raster, srs, wgs84, minX, minY, maxX, maxY);
            return Optional.of(new Extent(g[0], g[1], g[2], g[3], m[0], m[1], m[2], m[3]));
        } finally {
            mercator.delete();
            wgs84.delete();
            srs.delete();
        }
    }

    private static double[] bounds(Path raster, SpatialReference from, SpatialReference to,
            double minX, double minY, double maxX, double maxY) throws RasterIoException {
        CoordinateTransformation transform;
        try {
            transform = CoordinateTransformation.CreateCoordinateTransformation(from, to);
        } catch (RuntimeException e) {
            transform = null;
        }
        if (transform == null) {
            throw new RasterIoException(raster, "its CRS cannot be transformed to "
                + to.GetAuthorityName(null) + ":" + to.GetAuthorityCode(null) + ": " + lastError());
        }
        try {
            double[] out = new double[4];
            transform.TransformBounds(out, minX, minY, maxX, maxY, 21);
            if (Arrays.stream(out).anyMatch(v -> !Double.isFinite(v))) {
                throw new RasterIoException(raster, "its extent cannot be transformed to "
                    + to.GetAuthorityName(null) + ":" + to.GetAuthorityCode(null));
            }
            return out;
        } catch (RuntimeException e) {
            throw new RasterIoException(raster, "its extent cannot be transformed to "
                + to.GetAuthorityName(null) + ":" + to.GetAuthorityCode(null) + ": " + lastError());
        } finally {
            transform.delete();
        }
    }

    /**
     * Closes the open datasets of this file and drops what was cached about it: call when the file is
     * deleted or replaced, so no handle keeps its disk space.
     */
    public static void forget(Path raster) {
        Path file = raster.toAbsolutePath();
        POOL.forget(key -> key.path().equals(file));
        FACTS.keySet().removeIf(key -> key.path().equals(file));
    }

    /** Closes every idle dataset (at shutdown, or to free handles). */
    public static void closeAll() {
        POOL.closeAll();
    }

    /** How many datasets are open and idle now. */
    static int idleDatasets() {
        return POOL.idleCount();
    }

    private static Dataset open(Path raster) throws RasterIoException {
        return GdalGate.openImagery(raster);
    }

    private static String lastError() {
        String message = gdal.GetLastErrorMsg();
        return message == null || message.isBlank() ? "GDAL gave no reason" : message.strip();
    }

    private record FileKey(Path path, TileStyle style, long size, long modified) {
        static FileKey of(Path raster, TileStyle style) throws RasterIoException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(raster, BasicFileAttributes.class);
                return new FileKey(raster.toAbsolutePath(), style, attributes.size(),
                    attributes.lastModifiedTime().toMillis());
            } catch (IOException e) {
                throw new RasterIoException(raster, "cannot be read: no such file or no access ("
                    + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** An open dataset's file as it was when opened: a file replaced at the same path is opened again. */
    private record OpenKey(Path path, long size, long modified) {
        static OpenKey of(FileKey key) {
            return new OpenKey(key.path(), key.size(), key.modified());
        }
    }

    /** What a file is drawn as (CLASSES, IMAGERY, or RESULT for measures) and what that needs. */
    private record FileFacts(TileStyle drawn, Extent extent, int[] palette, double[] low, double[] high,
                             MeasureRange range) {
    }
}
