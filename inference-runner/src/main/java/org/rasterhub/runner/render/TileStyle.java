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
    IMAGERY
}
