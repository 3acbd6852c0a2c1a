package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.rasterhub.runner.tiling.Window;

class ClassifyPixelsRequestTest {
    private static final Path IN = Path.of("scene.tif");
    private static final Path OUT = Path.of("classes.tif");

    @Test
    void defaultsArePaddingAQuarterOfTheTileBatchOneAndNoScaling() {
        ClassifyPixelsRequest request = ClassifyPixelsRequest.of(IN, OUT, List.of(0, 1, 2), 256);

        assertEquals(64, request.padding());
        assertEquals(1, request.batchSize());
        assertEquals(InputScaling.NONE, request.scaling());
        assertEquals(Optional.empty(), request.processingWindow());
    }

    @Test
    void aProcessingWindowIsKeptByTheOtherWithMethods() {
        Window window = new Window(10, 20, 100, 50);

        ClassifyPixelsRequest request = ClassifyPixelsRequest.of(IN, OUT, List.of(0), 64)
            .withProcessingWindow(window).withPadding(8).withBatchSize(2)
            .withScaling(new InputScaling.TypeRange(0, 1));

        assertEquals(Optional.of(window), request.processingWindow());
        assertEquals(8, request.padding());
    }

    @Test
    void aBatchSizeOfZeroIsRejectedWithTheValidRange() {
        var e = assertThrows(IllegalArgumentException.class,
            () -> ClassifyPixelsRequest.of(IN, OUT, List.of(0), 64).withBatchSize(0));

        assertTrue(e.getMessage().contains("between 1 and " + ClassifyPixelsRequest.MAX_BATCH_SIZE),
            e.getMessage());
    }

    @Test
    void paddingThatLeavesNoCoreIsRejectedBeforeAnyFileIsOpened() {
        assertThrows(IllegalArgumentException.class,
            () -> ClassifyPixelsRequest.of(IN, OUT, List.of(0), 64).withPadding(32));
    }

    @Test
    void noBandsOrANegativeBandAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ClassifyPixelsRequest.of(IN, OUT, List.of(), 64));
        var e = assertThrows(IllegalArgumentException.class,
            () -> ClassifyPixelsRequest.of(IN, OUT, List.of(0, -1), 64));
        assertTrue(e.getMessage().contains("counts from 0"), e.getMessage());
    }

    @Test
    void writingOverTheInputIsRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> ClassifyPixelsRequest.of(IN, Path.of("./scene.tif"), List.of(0), 64));
    }
}
