package org.rasterhub.portal.layer;

import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * Bytes drawn from content-addressed files (thumbnails, vector tiles), kept so that each is drawn
 * once. The files never change, so an entry never goes stale; the least recently used go first once
 * more than the budget is held.
 *
 * @param <K> what identifies one drawing
 */
public final class BytesCache<K> {
    /** Draws what the cache does not hold. */
    @FunctionalInterface
    public interface Drawing {
        byte[] draw() throws IOException;
    }

    private final long maxBytes;
    private final LinkedHashMap<K, byte[]> drawn = new LinkedHashMap<>(64, 0.75f, true);
    private long held;

    public BytesCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The bytes for {@code key}, drawn once. */
    public byte[] get(K key, Drawing drawing) throws IOException {
        synchronized (drawn) {
            byte[] bytes = drawn.get(key);
            if (bytes != null) {
                return bytes;
            }
        }
        byte[] bytes = drawing.draw();   // outside the lock: two requests may draw the same once each
        synchronized (drawn) {
            byte[] was = drawn.put(key, bytes);
            held += bytes.length - (was == null ? 0 : was.length);
            var eldest = drawn.entrySet().iterator();
            while (held > maxBytes && eldest.hasNext()) {
                held -= eldest.next().getValue().length;
                eldest.remove();
            }
        }
        return bytes;
    }
}
