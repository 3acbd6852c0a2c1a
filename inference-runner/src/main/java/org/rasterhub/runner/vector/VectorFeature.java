package org.rasterhub.runner.vector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One feature: its geometry as WKT in the layer's CRS, its envelope in that CRS, and its attribute
 * values by field name in field order ({@code String}, {@code Long}, {@code Double} or {@code null}).
 *
 * @param fid the feature id in the file it was read from, or -1 for a new feature
 */
public record VectorFeature(long fid, String wkt, Envelope envelope, Map<String, Object> attributes) {

    public VectorFeature {
        if (wkt == null || wkt.isBlank() || envelope == null || attributes == null) {
            throw new IllegalArgumentException("a feature needs a geometry, an envelope and attributes");
        }
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * A new polygon feature through the given corners, in order (the ring is closed here), with the
     * given attributes.
     */
    public static VectorFeature polygon(double[] xs, double[] ys, Map<String, Object> attributes) {
        if (xs.length != ys.length || xs.length < 3) {
            throw new IllegalArgumentException("a polygon needs at least 3 corners with x and y, was "
                + xs.length + " x and " + ys.length + " y");
        }
        StringBuilder wkt = new StringBuilder("POLYGON ((");
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= xs.length; i++) {
            int c = i % xs.length;
            // Shortest exact decimal form: map coordinates survive the round trip bit for bit.
            wkt.append(i == 0 ? "" : ",").append(xs[c]).append(' ').append(ys[c]);
            minX = Math.min(minX, xs[c]);
            minY = Math.min(minY, ys[c]);
            maxX = Math.max(maxX, xs[c]);
            maxY = Math.max(maxY, ys[c]);
        }
        return new VectorFeature(-1, wkt.append("))").toString(),
            new Envelope(minX, minY, maxX, maxY), attributes);
    }
}
