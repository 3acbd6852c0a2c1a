package org.rasterhub.runner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DetectObjectsRequestTest {
    private static final Path IN = Path.of("scene.tif");
    private static final Path GPKG = Path.of("objects.gpkg");
    private static final Path JSON = Path.of("objects.geojson");

    @Test
    void ofUsesArcGisDefaults() {
        DetectObjectsRequest r = DetectObjectsRequest.of(IN, GPKG, JSON, List.of(0, 1, 2), 256);

        assertEquals(List.of(64, 1, 0.5, 0.1, true), List.of(r.padding(), r.batchSize(), r.threshold(),
            r.nmsOverlap(), r.excludePadDetections()));
        assertEquals(Optional.empty(), r.processingWindow());
    }

    @Test
    void anOutputThatIsTheInputIsRefused() {
        var refused = assertThrows(IllegalArgumentException.class,
            () -> DetectObjectsRequest.of(IN, IN, JSON, List.of(0), 256));

        assertTrue(refused.getMessage().contains("must be three different files"), refused.getMessage());
    }

    @Test
    void aThresholdOrOverlapOutsideZeroToOneIsRefused() {
        DetectObjectsRequest r = DetectObjectsRequest.of(IN, GPKG, JSON, List.of(0), 256);

        assertThrows(IllegalArgumentException.class, () -> r.withThreshold(1.5));
        assertThrows(IllegalArgumentException.class, () -> r.withNmsOverlap(-0.1));
        assertThrows(IllegalArgumentException.class, () -> r.withThreshold(Double.NaN));
    }

    @Test
    void paddingLeavingNoCoreAndBadBatchSizesAreRefused() {
        DetectObjectsRequest r = DetectObjectsRequest.of(IN, GPKG, JSON, List.of(0), 256);

        assertThrows(IllegalArgumentException.class, () -> r.withPadding(128));
        assertThrows(IllegalArgumentException.class, () -> r.withBatchSize(0));
        assertThrows(IllegalArgumentException.class,
            () -> r.withBatchSize(DetectObjectsRequest.MAX_BATCH_SIZE + 1));
        assertThrows(IllegalArgumentException.class,
            () -> DetectObjectsRequest.of(IN, GPKG, JSON, List.of(-1), 256));
    }
}
