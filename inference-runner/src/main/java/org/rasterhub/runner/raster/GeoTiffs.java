package org.rasterhub.runner.raster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osr;

/**
 * Writes and reads whole georeferenced GeoTIFFs as float32 bands.
 *
 * <p>Reading converts any band type GDAL knows to float32. Whole-file reads suit tiles and test
 * fixtures; large scenes are read by windows. Thread-safe: each call opens and closes its own
 * GDAL dataset, and GDAL keeps its last error per thread.
 */
public final class GeoTiffs {
    private static final String DRIVER = "GTiff";
    private static final String NOTHING_WRITTEN = "; nothing was written";

    private GeoTiffs() {
    }

    /**
     * Writes {@code pixels} as a float32 GeoTIFF with the given geotransform and the CRS of an EPSG
     * code, replacing any existing file.
     *
     * @throws RasterIoException when GDAL cannot create or write the file, or does not know the EPSG
     *     code; no partial file is left behind
     */
    public static void write(Path file, FloatBands pixels, GeoTransform transform, int epsg)
            throws RasterIoException {
        Gdal.init();
        pushQuietErrors();
        try {
            writeQuietly(file, pixels, transform, epsg);
        } finally {
            gdal.PopErrorHandler();
        }
    }

    /**
     * Reads every band of a raster file as float32, with its geotransform and CRS.
     *
     * @throws RasterIoException when the file is missing or not a raster GDAL can read, or its pixels
     *     do not fit one Java array
     */
    public static GeoRaster read(Path file) throws RasterIoException {
        Gdal.init();
        pushQuietErrors();
        try {
            return readQuietly(file);
        } finally {
            gdal.PopErrorHandler();
        }
    }

    private static void writeQuietly(Path file, FloatBands pixels, GeoTransform transform, int epsg)
            throws RasterIoException {
        SpatialReference srs = spatialReference(file, epsg);
        gdal.ErrorReset();
        Dataset dataset = gdal.GetDriverByName(DRIVER).Create(file.toString(), pixels.width(),
            pixels.height(), pixels.bandCount(), gdalconst.GDT_Float32, new String[] {"COMPRESS=DEFLATE"});
        if (dataset == null) {
            srs.delete();
            throw new RasterIoException(file, "GDAL could not create a GeoTIFF: " + lastError()
                + NOTHING_WRITTEN);
        }
        boolean written = false;
        try {
            check(file, dataset.SetGeoTransform(transform.toGdal()),
                "setting the geotransform", NOTHING_WRITTEN);
            check(file, dataset.SetSpatialRef(srs), "setting the CRS EPSG:" + epsg, NOTHING_WRITTEN);
            check(file, dataset.WriteRaster(0, 0, pixels.width(), pixels.height(), pixels.width(),
                pixels.height(), gdalconst.GDT_Float32, pixels.values(), bandList(pixels.bandCount())),
                "writing " + pixels.bandCount() + " band(s)", NOTHING_WRITTEN);
            dataset.FlushCache();
            if (gdal.GetLastErrorType() >= gdalconst.CE_Failure) {
                throw new RasterIoException(file, "flushing to disk failed: " + lastError()
                    + NOTHING_WRITTEN);
            }
            written = true;
        } finally {
            dataset.delete();   // closes the file; the GeoTIFF is incomplete until then
            srs.delete();
            if (!written) {
                deleteQuietly(file);
            }
        }
    }

    private static GeoRaster readQuietly(Path file) throws RasterIoException {
        // Workaround GDAL 3.6 Java bindings: ReadRaster reports failure by an error code; their
        // UseExceptions is partial. Recheck on upgrade.
        Dataset dataset = GdalGate.openImagery(file);
        try {
            int width = dataset.GetRasterXSize();
            int height = dataset.GetRasterYSize();
            int bands = dataset.GetRasterCount();
            if (bands < 1) {
                throw new RasterIoException(file, "has no raster bands");
            }
            if ((long) width * height * bands > FloatBands.MAX_VALUES) {
                throw new RasterIoException(file, width + " x " + height + " x " + bands
                    + " pixels do not fit one Java array; read it by windows");
            }
            FloatBands pixels = FloatBands.zeros(width, height, bands);
            check(file, dataset.ReadRaster(0, 0, width, height, width, height, gdalconst.GDT_Float32,
                pixels.values(), bandList(bands)), "reading " + bands + " band(s)", "");
            return new GeoRaster(pixels, GeoTransform.fromGdal(dataset.GetGeoTransform()),
                crsOf(dataset));
        } finally {
            dataset.delete();
        }
    }

    // GDAL's default handler prints every error to stderr; the exceptions thrown here quote it
    // instead. The handler stack is per thread, so this silences no other caller.
    static void pushQuietErrors() {
        gdal.PushErrorHandler("CPLQuietErrorHandler");
    }

    private static SpatialReference spatialReference(Path file, int epsg) throws RasterIoException {
        gdal.ErrorReset();
        SpatialReference srs = new SpatialReference();
        int ogrErr;
        try {
            ogrErr = srs.ImportFromEPSG(epsg);
        } catch (RuntimeException e) {
            // GDAL 3.6 Java bindings: osr throws "OGR Error: General Error" instead of returning the
            // code, and only GetLastErrorMsg says why.
            ogrErr = -1;
        }
        if (ogrErr != 0) {
            String reason = lastError();
            srs.delete();
            throw new RasterIoException(file, "unknown CRS EPSG:" + epsg + " (" + reason
                + ")" + NOTHING_WRITTEN);
        }
        // EPSG axis order would put latitude first for geographic CRSs such as 4326; rasters are x,y.
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
        return srs;
    }

    static Crs crsOf(Dataset dataset) {
        SpatialReference srs = dataset.GetSpatialRef();   // a clone owned by Java, or null
        if (srs == null) {
            return new Crs("", OptionalInt.empty());
        }
        try {
            String wkt = srs.ExportToWkt();
            OptionalInt epsg = OptionalInt.empty();
            String authority = srs.GetAuthorityName(null);
            String code = srs.GetAuthorityCode(null);
            if ("EPSG".equalsIgnoreCase(authority) && code != null && code.matches("\\d+")) {
                epsg = OptionalInt.of(Integer.parseInt(code));
            }
            return new Crs(wkt == null ? "" : wkt, epsg);
        } finally {
            srs.delete();
        }
    }

    private static int[] bandList(int bands) {
        return IntStream.rangeClosed(1, bands).toArray();
    }

    static void check(Path file, int cplErr, String step, String consequence)
            throws RasterIoException {
        if (cplErr != gdalconst.CE_None) {
            throw new RasterIoException(file, step + " failed: " + lastError() + consequence);
        }
    }

    static String lastError() {
        String message = gdal.GetLastErrorMsg();
        return message == null || message.isBlank() ? "GDAL gave no reason" : message.strip();
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The write already failed with the reason that matters; a leftover file adds nothing.
        }
    }
}
