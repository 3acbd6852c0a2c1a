package org.rasterhub.runner.raster;

// Runs Gdal.init() in a JVM of its own, where java.library.path can be wrong on purpose.
final class GdalInitProbe {
    static final int EXIT_UNAVAILABLE = 3;

    private GdalInitProbe() {
    }

    public static void main(String[] args) {
        try {
            Gdal.init();
            System.out.println("GDAL " + Gdal.version() + " loaded");
        } catch (GdalUnavailableException e) {
            System.out.println(e.getMessage());
            System.exit(EXIT_UNAVAILABLE);
        }
    }
}
