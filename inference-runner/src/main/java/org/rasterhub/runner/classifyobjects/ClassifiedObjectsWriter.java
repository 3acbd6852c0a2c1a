package org.rasterhub.runner.classifyobjects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.raster.BandWindowReader;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.vector.FeatureIoException;
import org.rasterhub.runner.vector.FeatureLayer;
import org.rasterhub.runner.vector.FeatureLayerReader;
import org.rasterhub.runner.vector.FeatureLayerWriter;
import org.rasterhub.runner.vector.Field;
import org.rasterhub.runner.vector.FieldType;
import org.rasterhub.runner.vector.VectorFeature;

/**
 * Writes labelled features as {@link ObjectClassifier} describes: each feature of the request's
 * feature file with its attributes and its label's fields, to the request's GeoPackage and GeoJSON.
 * Needs no model, so the merge of a run's work units writes with it what a whole run writes.
 * Thread-safe: each call opens its own datasets.
 */
public final class ClassifiedObjectsWriter {
    private static final List<String> ADDED = List.of(ObjectClassifier.FIELD_CLASS,
        ObjectClassifier.FIELD_CLASS_VALUE, ObjectClassifier.FIELD_CONFIDENCE, ObjectClassifier.FIELD_REASON);

    private ClassifiedObjectsWriter() {
    }

    /**
     * Writes every feature of the request's feature file with its label, {@code labels} being one per
     * feature in file order, replacing files at the outputs; on failure no output file is left.
     *
     * @throws IllegalArgumentException when the labels are not one per feature, in order (by fid)
     * @throws FeatureIoException when the feature file cannot be read or an output cannot be written
     * @throws RasterIoException when the raster cannot be read or lacks a band of {@code ExtractBands}
     */
    public static ClassifiedObjects write(ClassifyObjectsRequest request, List<ObjectLabel> labels,
                                          StageTimes times, Progress progress)
            throws FeatureIoException, RasterIoException {
        Crs crs;
        try (BandWindowReader reader = BandWindowReader.open(request.raster(), request.bandArray())) {
            crs = reader.crs();
        }
        long reading = System.nanoTime();
        FeatureLayer layer = FeatureLayerReader.read(request.features(), crs);
        times.since(Stage.READ, reading);
        return write(request, layer, crs, labels, times, progress);
    }

    // The layer as read in the raster's CRS: classify has it at hand already.
    static ClassifiedObjects write(ClassifyObjectsRequest request, FeatureLayer layer, Crs crs,
                                   List<ObjectLabel> labels, StageTimes times, Progress progress)
            throws FeatureIoException {
        List<VectorFeature> features = layer.features();
        if (labels.size() != features.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for the " + features.size()
                + " features of " + request.features() + "; nothing was written");
        }
        progress.update(ObjectClassifier.STAGE_WRITING, 0, 1);
        long writing = System.nanoTime();
        List<VectorFeature> out = new ArrayList<>(labels.size());
        Map<String, Integer> perClass = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            VectorFeature f = features.get(i);
            ObjectLabel label = labels.get(i);
            if (label.fid() != f.fid()) {
                throw new IllegalArgumentException("label " + i + " is for feature " + label.fid() + " but feature "
                    + i + " of " + request.features() + " is " + f.fid() + "; nothing was written");
            }
            out.add(new VectorFeature(f.fid(), f.wkt(), f.envelope(), attributes(f, label)));
            label.className().ifPresent(name -> perClass.merge(name, 1, Integer::sum));
        }
        FeatureLayerWriter.write(request.geoPackageOutput(), request.geoJsonOutput(), layer.name(),
            crs, outputFields(layer.fields()), out);
        times.since(Stage.WRITE, writing);
        progress.update(ObjectClassifier.STAGE_WRITING, 1, 1);
        return new ClassifiedObjects(request.geoPackageOutput(), request.geoJsonOutput(), labels, perClass);
    }

    private static Map<String, Object> attributes(VectorFeature f, ObjectLabel label) {
        Map<String, Object> attributes = new LinkedHashMap<>(f.attributes());
        attributes.put(ObjectClassifier.FIELD_CLASS, label.className().orElse(null));
        attributes.put(ObjectClassifier.FIELD_CLASS_VALUE, label.classValue().isPresent()
            ? (Object) (long) label.classValue().getAsInt() : null);
        attributes.put(ObjectClassifier.FIELD_CONFIDENCE, label.confidence().isPresent()
            ? (Object) label.confidence().getAsDouble() : null);
        attributes.put(ObjectClassifier.FIELD_REASON, label.reason().orElse(null));
        return attributes;
    }

    // Input fields named like an output field are replaced by it, compared as GDAL does: ignoring case.
    private static List<Field> outputFields(List<Field> input) {
        List<Field> fields = new ArrayList<>();
        for (Field f : input) {
            if (ADDED.stream().noneMatch(a -> a.equalsIgnoreCase(f.name()))) {
                fields.add(f);
            }
        }
        fields.add(new Field(ObjectClassifier.FIELD_CLASS, FieldType.STRING));
        fields.add(new Field(ObjectClassifier.FIELD_CLASS_VALUE, FieldType.INTEGER));
        fields.add(new Field(ObjectClassifier.FIELD_CONFIDENCE, FieldType.REAL));
        fields.add(new Field(ObjectClassifier.FIELD_REASON, FieldType.STRING));
        return fields;
    }
}
