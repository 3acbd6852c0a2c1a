package org.rasterhub.runner.classifyobjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClassifyObjectsRequestTest {
    private static final Path RASTER = Path.of("scene.tif");
    private static final Path FEATURES = Path.of("outlines.geojson");
    private static final Path GPKG = Path.of("labelled.gpkg");
    private static final Path JSON = Path.of("labelled.geojson");

    @Test
    void ofLabelsEveryFeatureOneChipAtATime() {
        ClassifyObjectsRequest r = ClassifyObjectsRequest.of(RASTER, FEATURES, GPKG, JSON, List.of(0), 64);

        assertEquals(1, r.batchSize());
        assertEquals(0.0, r.scoreThreshold());
    }

    @Test
    void writingOverTheFeaturesIsRefused() {
        var refused = assertThrows(IllegalArgumentException.class,
            () -> ClassifyObjectsRequest.of(RASTER, FEATURES, FEATURES, JSON, List.of(0), 64));

        assertTrue(refused.getMessage().contains("must be four different files"), refused.getMessage());
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        ClassifyObjectsRequest r = ClassifyObjectsRequest.of(RASTER, FEATURES, GPKG, JSON, List.of(0), 64);

        assertThrows(IllegalArgumentException.class, () -> r.withScoreThreshold(1.01));
        assertThrows(IllegalArgumentException.class, () -> r.withBatchSize(0));
        assertThrows(IllegalArgumentException.class,
            () -> ClassifyObjectsRequest.of(RASTER, FEATURES, GPKG, JSON, List.of(0), 0));
        assertThrows(IllegalArgumentException.class,
            () -> ClassifyObjectsRequest.of(RASTER, FEATURES, GPKG, JSON, List.of(), 64));
    }
}
