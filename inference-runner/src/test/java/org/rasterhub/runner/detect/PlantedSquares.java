package org.rasterhub.runner.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;

/**
 * A synthetic georeferenced raster with bright squares planted at known pixel positions: a square
 * of class value {@code c} is bright in band {@code c - 1}, every other pixel is 0.
 */
record PlantedSquares(Path file, int width, int height, List<Square> squares) {
    static final int EPSG = 32633;
    static final GeoTransform TRANSFORM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);
    static final int SIZE = 12;

    record Square(int x, int y, int classValue, float brightness) {
        PixelBox box() {
            return new PixelBox(x, y, x + SIZE, y + SIZE);
        }
    }

    static Builder scene(int width, int height) {
        return new Builder(width, height);
    }

    static final class Builder {
        private final int width;
        private final int height;
        private final List<Square> squares = new ArrayList<>();

        Builder(int width, int height) {
            this.width = width;
            this.height = height;
        }

        Builder square(int x, int y, int classValue) {
            return square(x, y, classValue, 1f);
        }

        Builder square(int x, int y, int classValue, float brightness) {
            squares.add(new Square(x, y, classValue, brightness));
            return this;
        }

        PlantedSquares write(Path file) throws Exception {
            FloatBands bands = FloatBands.zeros(width, height, 2);
            for (Square s : squares) {
                for (int row = s.y(); row < s.y() + SIZE; row++) {
                    for (int col = s.x(); col < s.x() + SIZE; col++) {
                        bands.set(s.classValue() - 1, row, col, s.brightness());
                    }
                }
            }
            GeoTiffs.write(file, bands, TRANSFORM, EPSG);
            return new PlantedSquares(file, width, height, List.copyOf(squares));
        }
    }
}
