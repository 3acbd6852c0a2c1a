package org.rasterhub.runner.detect;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What Detect Objects wrote: both output files, the number of objects, the number per class name,
 * the tiles run through the model, and the objects themselves by descending score.
 */
public record DetectedObjects(Path geoPackage, Path geoJson, int count, Map<String, Integer> perClass,
                              int tiles, List<Detection> detections) {

    public DetectedObjects {
        perClass = Map.copyOf(perClass);
        detections = List.copyOf(detections);
    }
}
