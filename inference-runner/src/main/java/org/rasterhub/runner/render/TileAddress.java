package org.rasterhub.runner.render;

/**
 * One tile of the Web Mercator XYZ grid (as OSM numbers it: x grows east, y grows south, 2^z tiles
 * per side), with its bounds in EPSG:3857 metres.
 */
public record TileAddress(int z, int x, int y) {
    /** Highest zoom level served: 2.4 cm pixels at the equator, far beyond any input imagery. */
    public static final int MAX_ZOOM = 24;
    /** Half the width of the Web Mercator square, in metres. */
    public static final double ORIGIN = 20037508.342789244;

    public TileAddress {
        if (z < 0 || z > MAX_ZOOM) {
            throw new IllegalArgumentException("zoom must be 0-" + MAX_ZOOM + ", was " + z);
        }
        long tiles = 1L << z;
        if (x < 0 || x >= tiles || y < 0 || y >= tiles) {
            throw new IllegalArgumentException("tile x and y at zoom " + z + " must be 0-" + (tiles - 1)
                + ", were x=" + x + " y=" + y);
        }
    }

    /** The tile at {@code zoom} that holds a point given as {@code {longitude, latitude}} in degrees. */
    public static TileAddress containing(double[] lonLat, int zoom) {
        int n = 1 << zoom;
        int x = (int) Math.floor((lonLat[0] + 180) / 360 * n);
        double lat = Math.toRadians(lonLat[1]);
        int y = (int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n);
        return new TileAddress(zoom, x, y);
    }

    /** Edge of this tile in metres. */
    public double size() {
        return 2 * ORIGIN / (1L << z);
    }

    public double minX() {
        return -ORIGIN + x * size();
    }

    public double maxX() {
        return minX() + size();
    }

    public double maxY() {
        return ORIGIN - y * size();
    }

    public double minY() {
        return maxY() - size();
    }
}
