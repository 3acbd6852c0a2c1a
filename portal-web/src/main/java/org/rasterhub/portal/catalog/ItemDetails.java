package org.rasterhub.portal.catalog;

import java.time.Instant;
import java.util.List;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemVersion;

/**
 * An item with its latest version, as the item page and {@code GET /api/items/{id}} show it.
 *
 * @param emd the whole model definition as stored, pretty-printed JSON
 */
public record ItemDetails(long id, String title, String owner, Instant created, Instant modified,
                          int version, String sha256, long size, String fileName, String modelType,
                          String framework, String modelConfiguration, String modelFile, String emdPath,
                          List<ClassInfo> classes, List<FileInfo> files, List<String> warnings, String emd) {

    static ItemDetails of(CatalogItem item) {
        ItemVersion v = item.latestVersion();
        return new ItemDetails(item.id().value(), item.title(), item.owner(), item.createdAt(),
                item.modifiedAt(), v.number(), v.sha256().hex(), v.sizeBytes(), v.fileName(), v.modelType(),
                v.framework().orElse(null), v.modelConfiguration().orElse(null), v.modelFile().orElse(null),
                v.emdPath(), v.classes().stream().map(ClassInfo::of).toList(),
                v.files().stream().map(f -> new FileInfo(f.path(), f.sizeBytes(), f.sha256().hex())).toList(),
                v.warnings(), v.emdJson());
    }
}
