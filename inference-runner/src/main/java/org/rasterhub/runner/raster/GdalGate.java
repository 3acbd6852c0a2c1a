package org.rasterhub.runner.raster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;

import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;

/**
 * The one way a file that came from a user (uploaded imagery and feature layers, registered server
 * files, run inputs) reaches GDAL. GDAL has drivers that read other files than the one named: a VRT
 * names any local file, a URL or another raster; a GeoPackage may attach a database; sidecars
 * (.ovr, .msk, .aux.xml, world files) are read from the folder. So a user file is opened only
 *
 * <ul>
 *   <li>by an allow-list of drivers that read one self-contained file ({@link #IMAGERY_DRIVERS},
 *       {@link #FEATURE_DRIVERS}), and
 *   <li>when the opened dataset's file list is exactly that file;
 * </ul>
 *
 * <p>and GDAL's network, raw-VRT and sidecar paths are off in the whole process ({@link
 * Gdal#init()} applies {@link #PROCESS_OPTIONS}). Anything else is a {@link RefusedFileException}
 * that names the driver GDAL found, so the user learns what they sent.
 */
public final class GdalGate {
    /** Raster drivers a user file may be read by: GeoTIFF (and COG, which GTiff reads), JPEG 2000, PNG, JPEG. */
    public static final List<String> IMAGERY_DRIVERS = List.of("GTiff", "JP2OpenJPEG", "PNG", "JPEG");

    /** Vector drivers a user file may be read by: GeoJSON and GeoPackage. */
    public static final List<String> FEATURE_DRIVERS = List.of("GeoJSON", "GPKG");

    /** What the refusal message calls the accepted imagery formats. */
    public static final String IMAGERY_FORMATS = "GeoTIFF or COG, JPEG 2000, PNG or JPEG";

    /** What the refusal message calls the accepted feature formats. */
    public static final String FEATURE_FORMATS = "GeoJSON or GeoPackage";

    /**
     * GDAL configuration set once per process, before any driver is used: no raw VRT bands (which read
     * any file at any offset), no VRT pixel functions in Python, no network (no /vsicurl/ extension is
     * allowed, every HTTP request goes to a closed local port and gives up at once), no SQL function
     * that opens other files from a GeoPackage, no sidecar files found by listing the folder, and no
     * .aux.xml written next to stored blobs.
     */
    static final List<String[]> PROCESS_OPTIONS = List.of(
        new String[] {"GDAL_VRT_ENABLE_RAWRASTERBAND", "NO"},
        new String[] {"GDAL_VRT_ENABLE_PYTHON", "NO"},
        new String[] {"CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".rasterhub-network-is-off"},
        new String[] {"GDAL_HTTP_PROXY", "127.0.0.1:9"},
        new String[] {"GDAL_HTTP_TIMEOUT", "1"},
        new String[] {"GDAL_HTTP_CONNECTTIMEOUT", "1"},
        new String[] {"GDAL_HTTP_MAX_RETRY", "0"},
        new String[] {"GDAL_HTTP_ENABLE_ADVISE_READ", "NO"},
        new String[] {"OGR_SQLITE_ALLOW_EXTERNAL_ACCESS", "NO"},
        new String[] {"GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR"},
        new String[] {"GDAL_PAM_ENABLED", "NO"});

    // Drivers used only to name what a refused file is. Each has a cheap Identify of its own, so
    // naming a file never runs a full open of a driver outside this list.
    private static final List<String> NAMEABLE_DRIVERS = List.of(
        "VRT", "DERIVED", "GTiff", "COG", "PNG", "JPEG", "GIF", "BMP", "WEBP", "JP2OpenJPEG", "GPKG",
        "HFA", "netCDF", "HDF5", "HDF4", "NITF", "PDF", "AAIGrid", "MBTiles", "Zarr", "PCIDSK", "ERS",
        "ISIS3", "PDS4", "SAFE", "SENTINEL2", "DIMAP", "GeoJSON", "GeoJSONSeq", "OGR_VRT", "SQLite",
        "FlatGeobuf", "GML", "KML", "LIBKML", "OSM", "CSV", "ESRI Shapefile", "MapInfo File", "XLSX",
        "ODS", "PostgreSQL", "WMS", "WMTS", "WCS", "EEDA", "STACIT", "STACTA", "GTI", "DAAS", "OGCAPI");

    private GdalGate() {
    }

    /**
     * Opens a user's raster file read-only with the imagery drivers.
     *
     * @throws RefusedFileException when it is another format, or names files other than itself
     * @throws RasterIoException when the file is missing or broken
     */
    public static Dataset openImagery(Path file) throws RasterIoException {
        return open(file, gdalconst.OF_RASTER, IMAGERY_DRIVERS, IMAGERY_FORMATS, "GDAL could not open it as a raster");
    }

    /**
     * Opens a user's feature file read-only with the feature drivers.
     *
     * @throws RefusedFileException when it is another format, or names files other than itself
     * @throws RasterIoException when the file is missing or broken
     */
    public static Dataset openFeatures(Path file) throws RasterIoException {
        return open(file, gdalconst.OF_VECTOR, FEATURE_DRIVERS, FEATURE_FORMATS,
            "not a GeoJSON or GeoPackage feature layer");
    }

    private static Dataset open(Path file, int kind, List<String> drivers, String formats, String unreadable)
            throws RasterIoException {
        Gdal.init();
        Path stored = file.toAbsolutePath().normalize();
        if (!java.nio.file.Files.isRegularFile(stored)) {
            throw new RasterIoException(file, "no such file");
        }
        GeoTiffs.pushQuietErrors();
        try {
            gdal.ErrorReset();
            Dataset dataset = gdal.OpenEx(stored.toString(),
                kind | gdalconst.OF_READONLY | gdalconst.OF_VERBOSE_ERROR, new Vector<>(drivers));
            if (dataset == null) {
                String reason = GeoTiffs.lastError();
                String found = driverOf(stored);
                if (found != null && !drivers.contains(found)) {
                    throw new RefusedFileException(file, found, "it is " + describe(found)
                        + ", which RasterHub does not open; expected " + formats + " (one self-contained file)");
                }
                throw new RasterIoException(file, unreadable + ": " + reason + " (expected " + formats + ")");
            }
            List<String> others = otherFiles(dataset, stored);
            if (!others.isEmpty()) {
                String driver = dataset.GetDriver().getShortName();
                dataset.delete();
                throw new RefusedFileException(file, driver, "it is " + describe(driver)
                    + " that reads " + others.size() + " other file(s); RasterHub opens only self-contained files");
            }
            return dataset;
        } finally {
            gdal.PopErrorHandler();
        }
    }

    /**
     * The short name of the driver GDAL would read this file with, among well-known ones that identify
     * a file by its first bytes without opening it; null when none does.
     */
    public static String driverOf(Path file) {
        Gdal.init();
        Driver driver = gdal.IdentifyDriverEx(file.toString(), 0, new Vector<>(NAMEABLE_DRIVERS));
        return driver == null ? null : driver.getShortName();
    }

    private static String describe(String shortName) {
        Driver driver = gdal.GetDriverByName(shortName);
        String longName = driver == null ? null : driver.getLongName();
        return longName == null || longName.isBlank() || longName.equals(shortName)
            ? "a " + shortName + " file" : "a " + shortName + " file (" + longName + ")";
    }

    // GDAL lists every file a dataset reads (sidecars, sources, attached databases); only the file
    // itself is allowed. Names are compared as absolute normalised paths.
    private static List<String> otherFiles(Dataset dataset, Path stored) {
        List<String> others = new ArrayList<>();
        Vector<?> files = dataset.GetFileList();
        if (files == null) {
            return others;
        }
        for (Object name : files) {
            String listed = String.valueOf(name);
            boolean same;
            try {
                same = Path.of(listed).toAbsolutePath().normalize().equals(stored);
            } catch (java.nio.file.InvalidPathException e) {
                same = false;
            }
            if (!same) {
                others.add(listed);
            }
        }
        return others;
    }
}
