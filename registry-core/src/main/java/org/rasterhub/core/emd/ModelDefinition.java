package org.rasterhub.core.emd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed and checked {@code .emd}: the keys RasterHub acts on, plus the whole document so that
 * keys it does not know are kept and shown.
 *
 * @param modelType          e.g. ImageClassification, ObjectDetection, ObjectClassification
 * @param framework          as written (real files say "Onnx", "PyTorch", …), empty when absent
 * @param modelConfiguration the configuration name, whether written as a string or as {@code {Name}}
 * @param modelFile          the weights path as written, empty when absent
 * @param inferenceFunction  the custom or built-in raster function as written, empty when absent
 * @param imageHeight        tile height the model expects, in pixels, empty when absent
 * @param imageWidth         tile width the model expects, in pixels, empty when absent
 * @param extractBands       the bands read from the imagery, in order; empty when absent
 */
public record ModelDefinition(
        String modelType,
        Optional<String> framework,
        Optional<String> modelConfiguration,
        Optional<String> modelFile,
        Optional<String> inferenceFunction,
        OptionalInt imageHeight,
        OptionalInt imageWidth,
        List<ExtractBand> extractBands,
        List<ModelClass> classes,
        JsonNode document) {

    public ModelDefinition {
        extractBands = List.copyOf(extractBands);
        classes = List.copyOf(classes);
    }
}
