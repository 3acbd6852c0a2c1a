package org.rasterhub.runner.classifyobjects;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What Classify Objects wrote: both output files, the label of every input feature in input order,
 * and the number of features per class name (unclassified ones not counted).
 */
public record ClassifiedObjects(Path geoPackage, Path geoJson, List<ObjectLabel> labels,
                                Map<String, Integer> perClass) {

    public ClassifiedObjects {
        labels = List.copyOf(labels);
        perClass = Map.copyOf(perClass);
    }

    /** Features that got a class. */
    public long classified() {
        return labels.stream().filter(l -> l.classValue().isPresent()).count();
    }
}
