package org.rasterhub.portal.catalog.search;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemVersion;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.core.emd.ModelClass;

/**
 * What the index knows of one item: its texts, who may see it, when it changed, and its latest
 * version's facts.
 */
public record SearchDocument(long itemId, String title, String summary, String description, List<String> tags,
                             List<String> classNames, String owner, Sharing sharing, Instant modified, int version,
                             String modelType, String framework) {

    public SearchDocument {
        tags = List.copyOf(tags);
        classNames = List.copyOf(classNames);
    }

    public static SearchDocument of(CatalogItem item) {
        ItemVersion latest = item.latestVersion();
        return new SearchDocument(item.id().value(), item.title(), item.summary().orElse(null),
                item.description().orElse(null), List.copyOf(item.tags()),
                latest.classes().stream().map(ModelClass::name).toList(), item.owner(), item.sharing(),
                item.modifiedAt(), latest.number(), latest.modelType(), latest.framework().orElse(null));
    }

    /** Word → weight, see {@link SearchText#weights}. */
    public Map<String, Integer> terms() {
        Map<SearchText.Field, List<String>> texts = new EnumMap<>(SearchText.Field.class);
        texts.put(SearchText.Field.TITLE, title == null ? List.of() : List.of(title));
        texts.put(SearchText.Field.TAG, tags);
        texts.put(SearchText.Field.CLASS_NAME, classNames);
        texts.put(SearchText.Field.SUMMARY, summary == null ? List.of() : List.of(summary));
        texts.put(SearchText.Field.DESCRIPTION, description == null ? List.of() : List.of(description));
        return SearchText.weights(texts);
    }
}
