package org.rasterhub.runner.raster;

import org.gdal.gdal.gdal;
import org.gdal.gdal.gdalJNI;

/**
 * Loads the GDAL Java bindings' native library once per JVM and registers GDAL's drivers.
 *
 * <p>Every class in this package calls {@link #init()} before touching GDAL; other code only needs it
 * to fail fast at start-up. Thread-safe.
 */
public final class Gdal {
    /** File name stem of the JNI library that {@code scripts/build-gdal-jni.sh} builds. */
    public static final String JNI_LIBRARY = "gdalalljni";

    private static volatile boolean initialised;

    private Gdal() {
    }

    /**
     * Makes GDAL usable in this JVM; later calls return at once.
     *
     * @throws GdalUnavailableException when {@code libgdalalljni.so} is not on {@code
     *     java.library.path}, does not match the GDAL Java classes, or registers no GeoTIFF driver
     */
    public static void init() {
        if (initialised) {
            return;
        }
        synchronized (Gdal.class) {
            if (!initialised) {
                load();
                initialised = true;
            }
        }
    }

    /** GDAL's release name, for example {@code "3.6.2"}. */
    public static String version() {
        init();
        return gdal.VersionInfo("RELEASE_NAME");
    }

    private static void load() {
        String libraryPath = System.getProperty("java.library.path", "");
        // Loaded here first because org.gdal's own static initialiser swallows the UnsatisfiedLinkError
        // and only prints "Native library load failed." to stderr.
        try {
            System.loadLibrary(JNI_LIBRARY);
        } catch (UnsatisfiedLinkError e) {
            throw new GdalUnavailableException(System.mapLibraryName(JNI_LIBRARY)
                + " not found on java.library.path=" + libraryPath
                + "; run scripts/build-gdal-jni.sh and start the JVM with"
                + " -Djava.library.path=<repository>/.native/gdal (" + e.getMessage() + ")",
                libraryPath, e);
        }
        try {
            if (!gdalJNI.isAvailable()) {
                throw new GdalUnavailableException("GDAL Java bindings did not initialise although "
                    + System.mapLibraryName(JNI_LIBRARY) + " loaded from java.library.path="
                    + libraryPath + "; see the stderr output above", libraryPath, null);
            }
            for (String[] option : GdalGate.PROCESS_OPTIONS) {
                gdal.SetConfigOption(option[0], option[1]);   // before any driver is used
            }
            gdal.AllRegister();
        } catch (UnsatisfiedLinkError e) {
            // A library built for another GDAL release lacks symbols the Java classes call.
            throw new GdalUnavailableException(System.mapLibraryName(JNI_LIBRARY) + " from"
                + " java.library.path=" + libraryPath + " does not match the org.gdal Java classes"
                + " (" + e.getMessage() + "); rebuild it with scripts/build-gdal-jni.sh",
                libraryPath, e);
        }
        if (gdal.GetDriverByName("GTiff") == null) {
            throw new GdalUnavailableException("GDAL " + gdal.VersionInfo("RELEASE_NAME")
                + " loaded but has no GTiff driver (" + gdal.GetDriverCount()
                + " drivers registered); install a GDAL build with GeoTIFF support",
                libraryPath, null);
        }
    }
}
