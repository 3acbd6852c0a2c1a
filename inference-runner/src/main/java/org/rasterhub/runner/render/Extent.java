package org.rasterhub.runner.render;

/**
 * A raster's bounding box in longitude/latitude (WGS84, degrees) and in Web Mercator (EPSG:3857,
 * metres), as a map needs it to zoom to a layer.
 */
public record Extent(double minLon, double minLat, double maxLon, double maxLat,
        double minX, double minY, double maxX, double maxY) {

    public Extent {
        if (!(minLon <= maxLon && minLat <= maxLat && minX <= maxX && minY <= maxY)) {
            throw new IllegalArgumentException("extent minimum exceeds maximum: lon " + minLon + ".."
                + maxLon + ", lat " + minLat + ".." + maxLat + ", x " + minX + ".." + maxX + ", y "
                + minY + ".." + maxY);
        }
    }

    /** Whether this extent's Web Mercator box overlaps the given one (edges touching do not). */
    boolean overlapsMercator(double otherMinX, double otherMinY, double otherMaxX, double otherMaxY) {
        return minX < otherMaxX && otherMinX < maxX && minY < otherMaxY && otherMinY < maxY;
    }
}
