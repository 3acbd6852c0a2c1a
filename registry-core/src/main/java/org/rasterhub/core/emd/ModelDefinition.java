package org.rasterhub.core.emd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A parsed and checked {@code .emd}: the keys RasterHub acts on, plus the whole document so that
 * keys it does not know are kept and shown.
 *
 * @param modelType          e.g. ImageClassification, ObjectDetection, ObjectClassification
 * @param framework          as written (real files say "Onnx", "PyTorch", …), empty when absent
 * @param modelConfiguration the configuration name, whether written as a string or as {@code {Name}}
 * @param modelFile          the weights path as written, empty when absent
 */
public record ModelDefinition(
        String modelType,
        Optional<String> framework,
        Optional<String> modelConfiguration,
        Optional<String> modelFile,
        List<ModelClass> classes,
        JsonNode document) {

    public ModelDefinition {
        classes = List.copyOf(classes);
    }
}
