package org.rasterhub.portal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RunMemoryTest {

    @Test
    void theLargestBatchIsCountedWithoutOverflow() {
        // 4096² × 64 pixels is 2^30: times 4 bytes it passes Integer.MAX_VALUE.
        assertEquals(4096L * 4096 * 64 * 4 * (3 + 6) * 2, RunMemory.bytesPerBatch(4096, 64, 3, 6));
    }

    @Test
    void aBatchTooLargeForTheHeapIsRefusedWithTheFigures() {
        String why = RunMemory.whyNotFit(4096, 32, 4, 6, 768L << 20).orElseThrow();
        assertTrue(why.contains("need about 40.0 GiB per batch"), why);
        assertTrue(why.contains("768 MiB heap"), why);
        assertTrue(RunMemory.whyNotFit(256, 4, 4, 6, 768L << 20).isEmpty(), "an ordinary run fits");
    }

    @Test
    void defaultsComeFromTheModelDefinition() throws Exception {
        RunDefaults defaults = RunDefaults.of(new ObjectMapper().readTree("{\"ImageHeight\": 512, \"BatchSize\": 4}"));
        assertEquals(512, defaults.tileSize());
        assertEquals(128, defaults.padding());
        assertEquals(4, defaults.batchSize());
        RunDefaults bare = RunDefaults.of(new ObjectMapper().readTree("{}"));
        assertEquals(256, bare.tileSize());
        assertEquals(1, bare.batchSize());
    }
}
