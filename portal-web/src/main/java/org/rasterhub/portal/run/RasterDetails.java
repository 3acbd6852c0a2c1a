package org.rasterhub.portal.run;

import java.time.Instant;
import org.rasterhub.core.run.RasterItem;

/**
 * An imagery item as the API shows it.
 *
 * @param serverFile where a raster registered from a server folder lies; null for an upload
 */
public record RasterDetails(long id, String title, String owner, String fileName, String sha256, long size,
                            int width, int height, int bands, Integer epsg, Instant created, String serverFile) {

    static RasterDetails of(RasterItem r) {
        return new RasterDetails(r.id(), r.title(), r.owner(), r.fileName(), r.sha256().hex(), r.sizeBytes(),
                r.width(), r.height(), r.bandCount(), r.epsg().isPresent() ? r.epsg().getAsInt() : null,
                r.createdAt(), r.sourcePath().map(Object::toString).orElse(null));
    }
}
