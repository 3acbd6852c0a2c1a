package org.rasterhub.runner.job;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The inference tools, each with the {@code .emd} ModelTypes it runs and the inputs it takes. Names
 * are the ones the REST API uses ({@code "tool": "detect_objects"}).
 */
public enum Tool {
    CLASSIFY_PIXELS("classify_pixels", "Classify Pixels", Set.of("ImageClassification"),
            "a classified raster (COG) in the class colours, one per raster"),
    DETECT_OBJECTS("detect_objects", "Detect Objects", Set.of("ObjectDetection"),
            "polygons with class and confidence (GeoPackage and GeoJSON), one pair per raster"),
    CLASSIFY_OBJECTS("classify_objects", "Classify Objects", Set.of("ObjectClassification"),
            "the features of a feature layer labelled with class and confidence (GeoPackage and GeoJSON)"),
    // A pixel classification model compares the classes of two dates; a ChangeDetection model
    // reads both dates at once and maps change itself.
    DETECT_CHANGE("detect_change", "Detect Change", Set.of("ImageClassification", "ChangeDetection"),
            "a change raster (COG): from-class → to-class, or the change model's classes");

    private final String apiName;
    private final String label;
    private final Set<String> modelTypes;
    private final String produces;

    Tool(String apiName, String label, Set<String> modelTypes, String produces) {
        this.apiName = apiName;
        this.label = label;
        this.modelTypes = modelTypes;
        this.produces = produces;
    }

    /** The tool's name in the REST API and in the database. */
    public String apiName() {
        return apiName;
    }

    /** The tool's name for people, as ArcGIS names it. */
    public String label() {
        return label;
    }

    /** What a run of the tool writes. */
    public String produces() {
        return produces;
    }

    public boolean runs(String modelType) {
        return modelTypes.contains(modelType);
    }

    /** The tools that run models of this ModelType, in the order of this enum. */
    public static List<Tool> forModelType(String modelType) {
        return Arrays.stream(values()).filter(t -> t.runs(modelType)).toList();
    }

    public static Optional<Tool> named(String apiName) {
        return Arrays.stream(values()).filter(t -> t.apiName.equals(apiName)).findFirst();
    }

    /** The API names, for messages: "classify_pixels, detect_objects, ...". */
    public static String apiNames() {
        return String.join(", ", Arrays.stream(values()).map(Tool::apiName).toList());
    }
}
