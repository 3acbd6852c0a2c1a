package org.rasterhub.portal.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import org.rasterhub.runner.render.TileAddress;
import org.rasterhub.runner.render.VectorTiles;

/**
 * Vector tiles of feature layers and outputs, cut once per tile and kept. A low-zoom tile of a large
 * layer reads every feature it covers (seconds for a million), so at most half the cores cut tiles
 * at once: a map opened on a huge layer slows its own tiles, not every other request.
 */
public final class FeatureTiles {
    static final long MAX_BYTES = 64L << 20;
    private static final Semaphore CUTTING = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
            true);

    private record Key(Path file, TileAddress tile) {
    }

    private static final BytesCache<Key> CUT = new BytesCache<>(MAX_BYTES);

    private FeatureTiles() {
    }

    /**
     * The Mapbox Vector Tile of {@code tile} from a GeoPackage.
     *
     * @throws IllegalArgumentException when the file is no vector data
     */
    public static byte[] mvt(Path geoPackage, TileAddress tile) throws IOException {
        return CUT.get(new Key(geoPackage.toAbsolutePath(), tile), () -> {
            CUTTING.acquireUninterruptibly();
            try {
                return VectorTiles.mvtTile(geoPackage, tile);
            } finally {
                CUTTING.release();
            }
        });
    }
}
