package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.Gdal;

/** A georeferenced 3-band float raster whose brightest band per pixel is the planted truth. */
record Scene(Path file, int width, int height, int[] truth) {
    static final int UTM_33N = 32633;
    static final int BANDS = 3;
    static final GeoTransform TRANSFORM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);
    /** Class values 0-2, one per band: the value of the brightest band. */
    static final List<ModelClass> CLASSES = List.of(
        new ModelClass(0, "water", 0, 0, 255),
        new ModelClass(1, "forest", 0, 128, 0),
        new ModelClass(2, "urban", 200, 30, 40));

    static Scene brightestBand(Path file, int width, int height, long seed) throws Exception {
        Random random = new Random(seed);
        FloatBands pixels = FloatBands.zeros(width, height, BANDS);
        int[] truth = new int[width * height];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int winner = random.nextInt(BANDS);
                truth[row * width + col] = winner;
                for (int b = 0; b < BANDS; b++) {
                    // Losers below 100, the winner at least 101: never a tie.
                    float value = b == winner ? 101 + random.nextInt(100) : random.nextInt(100);
                    pixels.set(b, row, col, value);
                }
            }
        }
        GeoTiffs.write(file, pixels, TRANSFORM, UTM_33N);
        return new Scene(file, width, height, truth);
    }

    /** The same scene with a rectangle set to {@code noData} in every band, declared nodata. */
    Scene withNoData(double noData, int x, int y, int w, int h) {
        Gdal.init();
        Dataset dataset = gdal.Open(file.toString(), gdalconst.GA_Update);
        int[] newTruth = truth.clone();
        try {
            float[] fill = new float[w * h];
            Arrays.fill(fill, (float) noData);
            for (int b = 1; b <= BANDS; b++) {
                assertEquals(gdalconst.CE_None, dataset.GetRasterBand(b).SetNoDataValue(noData));
                assertEquals(gdalconst.CE_None, dataset.GetRasterBand(b).WriteRaster(x, y, w, h, fill));
            }
        } finally {
            dataset.delete();
        }
        for (int row = y; row < y + h; row++) {
            for (int col = x; col < x + w; col++) {
                newTruth[row * width + col] = 255;
            }
        }
        return new Scene(file, width, height, newTruth);
    }

    long wrongPixels(Path classified) throws Exception {
        return wrongPixels(classified, width, height, truth);
    }

    /** Pixels of a class raster of this size unlike {@code expected} (row-major). */
    static long wrongPixels(Path classified, int width, int height, int[] expected) throws Exception {
        FloatBands classes = GeoTiffs.read(classified).pixels();
        assertEquals(width, classes.width(), "width");
        assertEquals(height, classes.height(), "height");
        long wrong = 0;
        for (int i = 0; i < expected.length; i++) {
            if (classes.values()[i] != expected[i]) {
                wrong++;
            }
        }
        return wrong;
    }
}
