package org.rasterhub.portal.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Feature-layer thumbnails already drawn, so that a layer's GeoJSON is read once per size and colours,
 * not on every request. Layers point at content-addressed blobs, which never change, so an entry never
 * goes stale; the least recently used go first once {@value #MAX_BYTES} bytes are held.
 */
public final class ThumbnailCache {
    static final int MAX_BYTES = 16 << 20;

    private record Key(Path file, int size, Map<String, String> colors) {
    }

    /** Draws what the cache does not hold. */
    @FunctionalInterface
    public interface Drawing {
        byte[] draw() throws IOException;
    }

    private static final LinkedHashMap<Key, byte[]> DRAWN = new LinkedHashMap<>(64, 0.75f, true);
    private static long held;

    private ThumbnailCache() {
    }

    /** The thumbnail of this file at this size and colours, drawn once. */
    public static byte[] get(Path file, int size, Map<String, String> colors, Drawing drawing) throws IOException {
        Key key = new Key(file.toAbsolutePath(), size, Map.copyOf(colors));
        synchronized (DRAWN) {
            byte[] png = DRAWN.get(key);
            if (png != null) {
                return png;
            }
        }
        byte[] png = drawing.draw();   // outside the lock: two requests may draw the same once each
        synchronized (DRAWN) {
            if (DRAWN.put(key, png) == null) {
                held += png.length;
            }
            var eldest = DRAWN.entrySet().iterator();
            while (held > MAX_BYTES && eldest.hasNext()) {
                held -= eldest.next().getValue().length;
                eldest.remove();
            }
        }
        return png;
    }
}
