package org.rasterhub.portal.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemVersion;
import org.rasterhub.core.catalog.Sharing;

/**
 * An item as the item page and {@code GET /api/items/{id}} show it: the item, one of its versions
 * (the latest unless another was asked for) in detail, and the list of all versions and aliases.
 *
 * @param version the number of the version shown in detail
 * @param emd     the whole model definition of that version, pretty-printed JSON
 * @param allowed what the caller may do: view, download, edit, share, delete, run
 * @param modelContract what the version's ONNX model file says of itself, recorded at upload (JSON, served by
 *                {@code GET /api/items/{id}/versions/{v}/model}, not here); null when it was not read
 */
public record ItemDetails(long id, String title, String summary, String description, List<String> tags,
                          Sharing sharing, List<SharedGroup> groups, String owner, Instant created, Instant modified,
                          int version, String sha256, long size, String fileName, String modelType,
                          String framework, String modelConfiguration, String modelFile, String emdPath,
                          List<ClassInfo> classes, List<FileInfo> files, List<String> warnings, String emd,
                          int latestVersion, List<VersionInfo> versions, Map<String, Integer> aliases,
                          boolean uploadedThumbnail, List<String> allowed,
                          @JsonIgnore String modelContract) {

    /** A group the item is shared with. */
    public record SharedGroup(long id, String name) {
    }

    public boolean may(String action) {
        return allowed.contains(action);
    }

    static ItemDetails of(CatalogItem item, ItemVersion v, List<String> allowed, List<SharedGroup> groups) {
        Map<String, Integer> aliases = item.aliases();
        List<VersionInfo> versions = item.versions().stream()
                .map(each -> new VersionInfo(each.number(), each.sha256().hex(), each.sizeBytes(), each.fileName(),
                        each.createdAt(), aliases.entrySet().stream()
                        .filter(a -> a.getValue() == each.number()).map(Map.Entry::getKey).toList()))
                .toList();
        return new ItemDetails(item.id().value(), item.title(), item.summary().orElse(null),
                item.description().orElse(null), List.copyOf(item.tags()), item.sharing(), groups, item.owner(), item.createdAt(),
                item.modifiedAt(), v.number(), v.sha256().hex(), v.sizeBytes(), v.fileName(), v.modelType(),
                v.framework().orElse(null), v.modelConfiguration().orElse(null), v.modelFile().orElse(null),
                v.emdPath(), v.classes().stream().map(ClassInfo::of).toList(),
                v.files().stream().map(f -> new FileInfo(f.path(), f.sizeBytes(), f.sha256().hex(),
                        f.kind().orElse(null), f.executable(), f.runnableHere(), f.assessment().orElse(null),
                        f.imports())).toList(),
                v.warnings(), v.emdJson(), item.latestVersion().number(), versions, aliases,
                item.thumbnailSha256().isPresent(), allowed, v.modelContract().orElse(null));
    }
}
