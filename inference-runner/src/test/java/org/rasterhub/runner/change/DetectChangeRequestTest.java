package org.rasterhub.runner.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.rasterhub.runner.tiling.Window;

class DetectChangeRequestTest {
    private static final Path FROM = Path.of("2020.tif");
    private static final Path TO = Path.of("2024.tif");
    private static final Path OUT = Path.of("change.tif");

    @Test
    void defaultsAreArcGisPaddingBatchOneAndTheWholeRaster() {
        DetectChangeRequest request = DetectChangeRequest.of(FROM, TO, OUT, List.of(0, 1, 2), 256);

        assertEquals(64, request.padding());
        assertEquals(1, request.batchSize());
        assertEquals(org.rasterhub.runner.classify.InputScaling.NONE, request.scaling());
        assertEquals(Optional.empty(), request.processingWindow());
    }

    @Test
    void theWithMethodsKeepEveryOtherField() {
        Window window = new Window(1, 2, 30, 40);

        DetectChangeRequest request = DetectChangeRequest.of(FROM, TO, OUT, List.of(2, 0), 64)
            .withProcessingWindow(window).withPadding(8).withBatchSize(3);

        assertEquals(new DetectChangeRequest(FROM, TO, OUT, List.of(2, 0), 64, 8, 3, org.rasterhub.runner.classify.InputScaling.NONE,
            Optional.of(window)), request);
    }

    @Test
    void anOutputThatIsOneOfTheInputsIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
            () -> DetectChangeRequest.of(FROM, TO, Path.of("./2024.tif"), List.of(0), 64));

        assertTrue(e.getMessage().contains("must differ from both inputs"), e.getMessage());
    }

    @Test
    void paddingThatLeavesNoCoreIsRefused() {
        assertThrows(IllegalArgumentException.class,
            () -> DetectChangeRequest.of(FROM, TO, OUT, List.of(0), 64).withPadding(32));
    }

    @Test
    void aNegativeBandIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
            () -> DetectChangeRequest.of(FROM, TO, OUT, List.of(0, -1), 64));

        assertTrue(e.getMessage().contains("counts from 0"), e.getMessage());
    }
}
