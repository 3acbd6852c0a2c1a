package org.rasterhub.runner.classify;

/**
 * What Classify Pixels writes: a class raster (the default), the model's class probabilities
 * ({@code return_probability_raster}), or a regression model's values; the last two as Float32 Cloud
 * Optimized GeoTIFFs. The rules are in {@code docs/models.md}, "Probability and value rasters".
 */
public sealed interface PixelProduct {
    /** One Byte band of class values with the classes' colours. */
    PixelProduct CLASSES = new Classes();

    /** One Byte band of class values with the classes' colours. */
    record Classes() implements PixelProduct {
    }

    /**
     * Class probabilities: for competing class scores (softmaxed unless they already are
     * probabilities) or independent sigmoid channels, one band per channel ({@code everyClass}) or one
     * band of the winning class's probability; for one sigmoid channel, one band: the probability of
     * class 1 (as arcgis.learn's binary models return it).
     */
    record Probabilities(boolean everyClass) implements PixelProduct {
    }

    /**
     * A regression model's one float channel, multiplied by {@code scale} (Deepness's output scaling:
     * a model trained on values divided by 100 has scale 100).
     *
     * @param name what the values are ("canopy height (m)"), the band's description
     */
    record Values(double scale, String name) implements PixelProduct {
        public Values {
            if (!Double.isFinite(scale) || scale == 0) {
                throw new IllegalArgumentException("the output scale must be a finite number other than 0, was "
                    + scale);
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a value raster's band needs a name");
            }
        }
    }
}
