package org.rasterhub.portal.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Feature-layer thumbnails already drawn, so that a layer's GeoJSON is read once per size and colours,
 * not on every request.
 */
public final class ThumbnailCache {
    static final int MAX_BYTES = 16 << 20;

    private record Key(Path file, int size, Map<String, String> colors) {
    }

    private static final BytesCache<Key> DRAWN = new BytesCache<>(MAX_BYTES);

    private ThumbnailCache() {
    }

    /** The thumbnail of this file at this size and colours, drawn once. */
    public static byte[] get(Path file, int size, Map<String, String> colors, BytesCache.Drawing drawing)
            throws IOException {
        return DRAWN.get(new Key(file.toAbsolutePath(), size, Map.copyOf(colors)), drawing);
    }
}
