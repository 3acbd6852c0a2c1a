package org.rasterhub.portal.catalog.search;

import java.util.List;

/** The values the filters offer: model types and frameworks of the items the caller may see, sorted. */
public record SearchFacets(List<String> modelTypes, List<String> frameworks) {
    public SearchFacets {
        modelTypes = List.copyOf(modelTypes);
        frameworks = List.copyOf(frameworks);
    }
}
