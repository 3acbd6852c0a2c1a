package org.rasterhub.runner.classify;

import java.nio.file.Path;

/** A classified raster that was written: its file, size in pixels and the tiles it took. */
public record ClassifiedRaster(Path file, int width, int height, int tiles) {
}
