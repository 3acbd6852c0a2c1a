package org.rasterhub.runner.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A preview of a feature layer: its polygons outlined and lightly filled in their class colours on a
 * neutral card, fitted to their extent with the aspect kept. Streams the GeoJSON, so a layer of a
 * million features costs time, not memory. The default size is drawn once as the run finishes and
 * stored with the layer; other sizes are kept by {@link ThumbnailCache}. Reads the GeoJSON RasterHub wrote (a
 * "Class" property per feature); coordinates are drawn as they are (lon/lat), which is what a
 * thumbnail needs.
 */
public final class FeatureThumbnail {
    /** The size pages ask for, drawn and stored when the run finishes. */
    public static final int DEFAULT_SIZE = 200;
    private static final ObjectMapper JSON = new ObjectMapper(new JsonFactory());
    private static final Color BACKGROUND = new Color(0xeef1f4);
    private static final Color UNCLASSIFIED = new Color(0xff00ff);

    private FeatureThumbnail() {
    }

    /** Class name to colour from a legend ({@code [{value, name, color}]}); empty without one. */
    public static Map<String, String> colors(com.fasterxml.jackson.databind.JsonNode legend) {
        Map<String, String> colors = new java.util.LinkedHashMap<>();
        if (legend != null && legend.isArray()) {
            legend.forEach(entry -> colors.put(entry.path("name").asText(), entry.path("color").asText()));
        }
        return colors;
    }

    /** Opens the GeoJSON again: the thumbnail reads it twice, once for the extent, once to draw. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /**
     * Draws the thumbnail reading one feature at a time, twice (the extent first, then the shapes), so
     * memory stays one feature and the image however large the layer is.
     *
     * @param colors class name → {@code #rrggbb}
     * @param size   the longer side in pixels
     */
    public static byte[] png(Source geoJson, Map<String, String> colors, int size) throws IOException {
        double[] bounds = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        long features = forEachFeature(geoJson, feature -> collect(feature.path("geometry"), null, bounds));
        double width = bounds[2] - bounds[0];
        double height = bounds[3] - bounds[1];
        boolean empty = features == 0 || !(width >= 0 && height >= 0);
        double aspect = empty || width == 0 || height == 0 ? 1.5 : width / height;
        int w = aspect >= 1 ? size : Math.max(1, (int) Math.round(size * aspect));
        int h = aspect >= 1 ? Math.max(1, (int) Math.round(size / aspect)) : size;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, w, h);
            if (!empty) {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                double margin = 4;
                double scale = Math.min((w - 2 * margin) / Math.max(width, 1e-12), (h - 2 * margin) / Math.max(height, 1e-12));
                // North up: y grows downwards on the image.
                java.awt.geom.AffineTransform toImage = new java.awt.geom.AffineTransform(scale, 0, 0, -scale,
                        margin - bounds[0] * scale, margin + bounds[3] * scale);
                g.setStroke(new BasicStroke(1.5f));
                double[] ignored = bounds.clone();
                forEachFeature(geoJson, feature -> {
                    Path2D.Double path = new Path2D.Double();
                    collect(feature.path("geometry"), path, ignored);
                    Color color = color(colors.get(feature.path("properties").path("Class").asText("")));
                    java.awt.Shape onImage = toImage.createTransformedShape(path);
                    g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 80));
                    g.fill(onImage);
                    g.setColor(color);
                    g.draw(onImage);
                });
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    @FunctionalInterface
    private interface FeatureVisitor {
        void visit(JsonNode feature);
    }

    /** Calls the visitor with each member of the top-level "features" array, one parsed at a time. */
    private static long forEachFeature(Source source, FeatureVisitor visitor) throws IOException {
        long count = 0;
        try (InputStream in = source.open(); JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("features".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        visitor.visit(parser.readValueAsTree());
                        count++;
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return count;
    }

    private static Color color(String hex) {
        try {
            return hex == null ? UNCLASSIFIED : Color.decode(hex);
        } catch (NumberFormatException e) {
            return UNCLASSIFIED;
        }
    }

    /** Adds a Polygon's or MultiPolygon's rings (or a Point as a dot) to the path. */
    private static void collect(JsonNode geometry, Path2D.Double path, double[] bounds) {
        String type = geometry.path("type").asText("");
        JsonNode coordinates = geometry.path("coordinates");
        switch (type) {
            case "Polygon" -> coordinates.forEach(ring -> ring(ring, path, bounds));
            case "MultiPolygon" -> coordinates.forEach(polygon -> polygon.forEach(ring -> ring(ring, path, bounds)));
            case "Point" -> ring(JSON.createArrayNode().add(coordinates), path, bounds);
            default -> {
                // other geometry types are not written by RasterHub's tools
            }
        }
    }

    private static void ring(JsonNode ring, Path2D.Double path, double[] bounds) {
        boolean first = true;
        for (JsonNode point : ring) {
            double x = point.path(0).asDouble();
            double y = point.path(1).asDouble();
            bounds[0] = Math.min(bounds[0], x);
            bounds[1] = Math.min(bounds[1], y);
            bounds[2] = Math.max(bounds[2], x);
            bounds[3] = Math.max(bounds[3], y);
            if (path == null) {
                continue;   // the first pass only measures the extent
            }
            if (first) {
                path.moveTo(x, y);
                first = false;
            } else {
                path.lineTo(x, y);
            }
        }
        if (path != null && !first) {
            path.closePath();
        }
    }
}
