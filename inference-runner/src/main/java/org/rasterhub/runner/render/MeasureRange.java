package org.rasterhub.runner.render;

import java.nio.file.Path;
import java.util.Arrays;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.rasterhub.runner.raster.FloatRasterWriter;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GdalGate;
import org.rasterhub.runner.raster.RasterIoException;

/**
 * The range a raster of measures is drawn over, the same on the map and in its legend:
 * probabilities from 0 to 1, values from their approximate 2 % to 98 % (of a decimated read of at
 * most {@value TileRenderer#STATISTICS_SAMPLE} pixels a side, NaN and nodata left out), taking the
 * highest band at each pixel when there are several.
 *
 * @param low           the value drawn darkest
 * @param high          the value drawn lightest; above {@code low}
 * @param probabilities whether the raster holds probabilities
 */
public record MeasureRange(double low, double high, boolean probabilities) {

    /**
     * The range of a Float32 raster written by {@link FloatRasterWriter}.
     *
     * @throws RasterIoException when the file cannot be read as such a raster
     */
    public static MeasureRange of(Path raster) throws RasterIoException {
        Gdal.init();
        gdal.PushErrorHandler("CPLQuietErrorHandler");
        try {
            Dataset source = GdalGate.openImagery(raster);
            try {
                return of(raster, source);
            } finally {
                source.delete();
            }
        } finally {
            gdal.PopErrorHandler();
        }
    }

    static MeasureRange of(Path raster, Dataset source) throws RasterIoException {
        if (FloatRasterWriter.PROBABILITY.equals(source.GetMetadataItem(FloatRasterWriter.MEASURE_KEY))) {
            return new MeasureRange(0, 1, true);
        }
        int width = source.GetRasterXSize();
        int height = source.GetRasterYSize();
        double scale = Math.min(1.0, (double) TileRenderer.STATISTICS_SAMPLE / Math.max(width, height));
        int sampleWidth = Math.max(1, (int) Math.round(width * scale));
        int sampleHeight = Math.max(1, (int) Math.round(height * scale));
        float[] highest = null;
        for (int b = 1; b <= source.GetRasterCount(); b++) {
            Band band = source.GetRasterBand(b);
            float[] sample = new float[sampleWidth * sampleHeight];
            // A decimated read uses the overviews; nothing is written next to the file.
            if (band.ReadRaster(0, 0, width, height, sampleWidth, sampleHeight, gdalconst.GDT_Float32, sample)
                    != gdalconst.CE_None) {
                throw new RasterIoException(raster, "reading band " + b + " for its range failed");
            }
            Double[] noData = new Double[1];
            band.GetNoDataValue(noData);
            for (int i = 0; i < sample.length; i++) {
                if (noData[0] != null && sample[i] == noData[0].floatValue()) {
                    sample[i] = Float.NaN;
                }
                if (highest != null && (Float.isNaN(sample[i]) || highest[i] > sample[i])) {
                    sample[i] = highest[i];
                }
            }
            highest = sample;
        }
        float[] valid = highest == null ? new float[0] : finite(highest);
        if (valid.length == 0) {
            return new MeasureRange(0, 1, false);
        }
        Arrays.sort(valid);
        double low = valid[(int) ((valid.length - 1) * TileRenderer.LOW_PERCENT / 100)];
        double high = valid[(int) ((valid.length - 1) * TileRenderer.HIGH_PERCENT / 100)];
        return new MeasureRange(low, high > low ? high : low + 1, false);   // constant: no division by 0
    }

    /** Where {@code value} falls from {@link #low} (0) to {@link #high} (1), unclamped. */
    public double position(double value) {
        return (value - low) / (high - low);
    }

    private static float[] finite(float[] values) {
        int n = 0;
        float[] kept = new float[values.length];
        for (float v : values) {
            if (Float.isFinite(v)) {
                kept[n++] = v;
            }
        }
        return Arrays.copyOf(kept, n);
    }
}
