package org.rasterhub.runner.render;

/** How {@link TileRenderer} turns raster values into colours. */
public enum TileStyle {
    /**
     * One Byte band of class values with a colour table: each pixel takes its class's colour
     * exactly (nearest-neighbour resampling, never blended); nodata (255) and values the table
     * leaves transparent are transparent.
     */
    CLASSES,
    /**
     * Input imagery: the first three bands as red, green, blue (one band as grey), each stretched
     * linearly from its approximate 2 % to 98 % values, resampled bilinearly.
     */
    IMAGERY,
    /**
     * A run's raster result as it was written: a class raster (one Byte band with a colour table) as
     * {@link #CLASSES}, a Float32 raster of measures (probabilities, regression values) on the {@link
     * ColourRamp}: probabilities from 0 to 1, values from their approximate 2 % to 98 % ({@link
     * MeasureRange}), several bands by their highest value (a probability raster of every class shows
     * the winning class's probability), resampled bilinearly; nodata (NaN) is transparent.
     */
    RESULT
}
