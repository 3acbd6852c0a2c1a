package org.rasterhub.runner.classify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.rasterhub.runner.raster.PixelType;

/**
 * How raster values become model input, as the {@code .emd} says. Every rule is a per-band linear
 * map, so each is turned into one {@link BandTransform} for the bands a run reads, and pixels are
 * scaled with one multiply-add. The rules and where they come from are in docs/models.md ("Input
 * scaling"):
 * <ul>
 *   <li>{@link Unscaled}: the values as stored (no {@code DataRange}, no {@code NormalizationStats});</li>
 *   <li>{@link TypeRange}: {@code DataRange [a, b]}, the band type's whole range mapped onto
 *   {@code [a, b]}, so 8-bit values are divided by 255 for {@code [0, 1]} (Esri's land-cover package);</li>
 *   <li>{@link BandStatistics}: arcgis.learn's {@code NormalizationStats}, each band min-max scaled
 *   with its training minimum and maximum, then standardised with the scaled mean and standard
 *   deviation.</li>
 * </ul>
 */
public sealed interface InputScaling {
    /** No scaling: the model reads the values as stored. */
    InputScaling NONE = new Unscaled();

    /** This rule as a per-band map for bands of these stored types (one per extracted band). */
    BandTransform forBands(List<PixelType> types);

    /** One line for people: what the model is fed. */
    String describe();

    /** The values as stored. */
    record Unscaled() implements InputScaling {
        @Override
        public BandTransform forBands(List<PixelType> types) {
            float[] ones = new float[types.size()];
            Arrays.fill(ones, 1f);
            return new BandTransform(ones, new float[types.size()]);
        }

        @Override
        public String describe() {
            return "values as stored";
        }
    }

    /**
     * {@code DataRange [min, max]}: an integer band's type range ({@code 0-255} for 8-bit) is mapped
     * linearly onto {@code [min, max]}. Floating-point bands have no type range and are read as stored.
     */
    record TypeRange(double min, double max) implements InputScaling {
        public TypeRange {
            if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
                throw new IllegalArgumentException("a data range needs finite min < max, was [" + min + ", "
                    + max + "]");
            }
        }

        @Override
        public BandTransform forBands(List<PixelType> types) {
            float[] scale = new float[types.size()];
            float[] shift = new float[types.size()];
            for (int b = 0; b < scale.length; b++) {
                PixelType type = types.get(b);
                if (type.hasRange()) {
                    double factor = (max - min) / (type.max() - type.min());
                    scale[b] = (float) factor;
                    shift[b] = (float) (min - type.min() * factor);
                } else {
                    scale[b] = 1f;
                }
            }
            return new BandTransform(scale, shift);
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "the band type's range scaled to [%s, %s] (8-bit: value × %s / 255 + %s;"
                + " floating-point bands as stored)", plain(min), plain(max), plain(max - min), plain(min));
        }
    }

    /**
     * arcgis.learn's {@code NormalizationStats}, already picked for the extracted bands in model order:
     * {@code ((v − min) / (max − min) − mean) / std}. Without mean and std ({@code DoNormalize: false})
     * only the min-max scaling.
     */
    record BandStatistics(double[] min, double[] max, double[] mean, double[] std) implements InputScaling {
        public BandStatistics {
            if (min == null || max == null || min.length == 0 || min.length != max.length
                    || (mean == null) != (std == null) || (mean != null && (mean.length != min.length
                    || std.length != min.length))) {
                throw new IllegalArgumentException("band statistics need min and max (and mean and std, or"
                    + " neither) with one value per band");
            }
            for (int b = 0; b < min.length; b++) {
                if (!Double.isFinite(min[b]) || !Double.isFinite(max[b]) || !(max[b] > min[b])) {
                    throw new IllegalArgumentException("band " + b + ": min " + min[b] + " must be below max "
                        + max[b]);
                }
                if (mean != null && (!Double.isFinite(mean[b]) || !Double.isFinite(std[b]) || !(std[b] > 0))) {
                    throw new IllegalArgumentException("band " + b + ": std " + std[b] + " must be above 0");
                }
            }
            min = min.clone();
            max = max.clone();
            mean = mean == null ? null : mean.clone();
            std = std == null ? null : std.clone();
        }

        @Override
        public BandTransform forBands(List<PixelType> types) {
            if (types.size() != min.length) {
                throw new IllegalArgumentException("statistics for " + min.length + " band(s), the run reads "
                    + types.size());
            }
            float[] scale = new float[min.length];
            float[] shift = new float[min.length];
            for (int b = 0; b < min.length; b++) {
                double unit = 1 / (max[b] - min[b]);
                double s = mean == null ? unit : unit / std[b];
                double o = mean == null ? -min[b] * unit : (-min[b] * unit - mean[b]) / std[b];
                scale[b] = (float) s;
                shift[b] = (float) o;
            }
            return new BandTransform(scale, shift);
        }

        @Override
        public String describe() {
            return mean == null ? "each band min-max scaled with its training statistics"
                : "each band min-max scaled, then standardised, with its training statistics";
        }
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? Long.toString((long) value)
            : Double.toString(value);
    }

    /**
     * {@code value × scale[band] + shift[band]} for each band of band-major values. Float arithmetic,
     * one multiply-add per value: what the model sees differs from the exact rule by float rounding only.
     */
    record BandTransform(float[] scale, float[] shift) {
        /** Whether every band keeps its values. */
        public boolean identity() {
            for (int b = 0; b < scale.length; b++) {
                if (scale[b] != 1f || shift[b] != 0f) {
                    return false;
                }
            }
            return true;
        }

        /** Scales {@code scale.length} planes of {@code plane} values each, from {@code offset}, in place. */
        public void apply(float[] values, int offset, int plane) {
            if (identity()) {
                return;
            }
            for (int b = 0; b < scale.length; b++) {
                float s = scale[b];
                float o = shift[b];
                int from = offset + b * plane;
                for (int i = from; i < from + plane; i++) {
                    values[i] = values[i] * s + o;
                }
            }
        }
    }
}
