package org.rasterhub.runner.render;

import java.util.Arrays;
import org.gdal.ogr.Geometry;
import org.gdal.ogr.ogr;
import org.rasterhub.runner.render.MvtLayerWriter.GeometryType;

/**
 * A geometry in Web Mercator metres as MVT command integers in one tile's units (y down): points,
 * lines and polygons of one dimension, rounded to the tile grid. Vertices that rounding merges are
 * dropped, rings that rounding collapses go, and rings are wound as the specification wants
 * (exterior clockwise on screen, holes counter-clockwise), whatever the source's winding.
 */
final class TileGeometry {
    private static final int MOVE_TO = 1;
    private static final int LINE_TO = 2;
    private static final int CLOSE_PATH = 7;

    private final double minX;
    private final double maxY;
    private final double unitsPerMetre;
    private int[] commands = new int[64];
    private int length;
    private int cursorX;
    private int cursorY;

    private TileGeometry(TileAddress tile) {
        this.minX = tile.minX();
        this.maxY = tile.maxY();
        this.unitsPerMetre = MvtLayerWriter.EXTENT / tile.size();
    }

    /** The type a geometry of this OGR dimension (0, 1 or 2) is written as. */
    static GeometryType typeOf(int dimension) {
        return dimension == 0 ? GeometryType.POINT : dimension == 1 ? GeometryType.LINESTRING : GeometryType.POLYGON;
    }

    /**
     * The commands for the parts of {@code mercator} of this type (parts of other dimensions, which a
     * clip can leave in a collection, are dropped); null when nothing is left after rounding.
     */
    static int[] commands(Geometry mercator, TileAddress tile, GeometryType type) {
        TileGeometry out = new TileGeometry(tile);
        out.addParts(mercator, type);
        return out.length == 0 ? null : Arrays.copyOf(out.commands, out.length);
    }

    /** A square with its north-west corner at (x, y) in tile units and {@code size} units wide. */
    static int[] square(int x, int y, int size) {
        return new int[] {command(MOVE_TO, 1), zigzag(x), zigzag(y), command(LINE_TO, 3),
            zigzag(size), zigzag(0), zigzag(0), zigzag(size), zigzag(-size), zigzag(0), command(CLOSE_PATH, 1)};
    }

    private void addParts(Geometry geometry, GeometryType type) {
        int flat = ogr.GT_Flatten(geometry.GetGeometryType());
        if (flat == ogr.wkbPoint && type == GeometryType.POINT) {
            addPoints(geometry.GetPoints());
        } else if (flat == ogr.wkbLineString && type == GeometryType.LINESTRING) {
            addLine(geometry.GetPoints());
        } else if (flat == ogr.wkbPolygon && type == GeometryType.POLYGON) {
            addPolygon(geometry);
        } else if (flat == ogr.wkbMultiPoint || flat == ogr.wkbMultiLineString || flat == ogr.wkbMultiPolygon
                || flat == ogr.wkbGeometryCollection) {
            for (int i = 0; i < geometry.GetGeometryCount(); i++) {
                addParts(geometry.GetGeometryRef(i), type);
            }
        }
    }

    private void addPoints(double[][] points) {
        if (points == null || points.length == 0) {
            return;
        }
        emit(command(MOVE_TO, points.length));
        for (double[] point : points) {
            moveCursor(x(point), y(point));
        }
    }

    private void addLine(double[][] points) {
        int[][] line = rounded(points, false);
        if (line.length < 2) {
            return;
        }
        emit(command(MOVE_TO, 1));
        moveCursor(line[0][0], line[0][1]);
        emit(command(LINE_TO, line.length - 1));
        for (int i = 1; i < line.length; i++) {
            moveCursor(line[i][0], line[i][1]);
        }
    }

    private void addPolygon(Geometry polygon) {
        for (int ring = 0; ring < polygon.GetGeometryCount(); ring++) {
            int[][] points = rounded(polygon.GetGeometryRef(ring).GetPoints(), true);
            long area = points.length < 3 ? 0 : doubledArea(points);
            if (area == 0) {
                if (ring == 0) {
                    return;                 // no exterior left: its holes go with it
                }
                continue;
            }
            boolean exterior = ring == 0;
            if (exterior != area > 0) {
                reverse(points);
            }
            emit(command(MOVE_TO, 1));
            moveCursor(points[0][0], points[0][1]);
            emit(command(LINE_TO, points.length - 1));
            for (int i = 1; i < points.length; i++) {
                moveCursor(points[i][0], points[i][1]);
            }
            emit(command(CLOSE_PATH, 1));
        }
    }

    /** Points on the tile grid without repeats; a ring also loses its closing point. */
    private int[][] rounded(double[][] points, boolean ring) {
        if (points == null) {
            return new int[0][];
        }
        int[][] out = new int[points.length][];
        int n = 0;
        for (double[] point : points) {
            int[] p = {x(point), y(point)};
            if (n == 0 || p[0] != out[n - 1][0] || p[1] != out[n - 1][1]) {
                out[n++] = p;
            }
        }
        if (ring && n > 1 && out[0][0] == out[n - 1][0] && out[0][1] == out[n - 1][1]) {
            n--;
        }
        return Arrays.copyOf(out, n);
    }

    /** Twice the ring's area by the surveyor's formula in tile units (y down): positive is clockwise on screen. */
    private static long doubledArea(int[][] ring) {
        long sum = 0;
        for (int i = 0; i < ring.length; i++) {
            int[] a = ring[i];
            int[] b = ring[(i + 1) % ring.length];
            sum += (long) a[0] * b[1] - (long) b[0] * a[1];
        }
        return sum;
    }

    private static void reverse(int[][] points) {
        for (int i = 0, j = points.length - 1; i < j; i++, j--) {
            int[] swap = points[i];
            points[i] = points[j];
            points[j] = swap;
        }
    }

    private int x(double[] point) {
        return (int) Math.round((point[0] - minX) * unitsPerMetre);
    }

    private int y(double[] point) {
        return (int) Math.round((maxY - point[1]) * unitsPerMetre);
    }

    private void moveCursor(int x, int y) {
        emit(zigzag(x - cursorX));
        emit(zigzag(y - cursorY));
        cursorX = x;
        cursorY = y;
    }

    private void emit(int value) {
        if (length == commands.length) {
            commands = Arrays.copyOf(commands, length * 2);
        }
        commands[length++] = value;
    }

    private static int command(int id, int count) {
        return (id & 0x7) | (count << 3);
    }

    private static int zigzag(int n) {
        return (n << 1) ^ (n >> 31);
    }
}
