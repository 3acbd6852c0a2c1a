/**
 * How a raster is cut into model-sized tiles and put back together. A {@link
 * org.rasterhub.runner.tiling.TileGrid} covers a raster with square tiles of the model's input size
 * ({@code ImageWidth}/{@code ImageHeight} of the {@code .emd}); each tile is read with {@code padding}
 * pixels of context on every side and only its core, away from the tile border where a
 * convolutional model sees too little context, is written out. Pure arithmetic with no GDAL or model
 * code, so the layout is tested in isolation and reused by every tool that tiles.
 */
package org.rasterhub.runner.tiling;
