package org.rasterhub.runner.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerSettingsTest {

    @Test
    void gpuIdsAreADistinctCommaSeparatedList() {
        assertEquals(List.of(), RunnerSettings.gpus(""));
        assertEquals(List.of(0, 1), RunnerSettings.gpus("0, 1"));
        for (String wrong : new String[] {"0,0", "-1", "a", "0;1", ","}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunnerSettings.gpus(wrong));
            assertTrue(e.getMessage().contains("RASTERHUB_RUNNER_GPUS"), e.getMessage());
        }
    }

    @Test
    void onlyAnUnreachableDatabaseIsTriedAgain() {
        assertTrue(RunnerDatabase.unreachable(new RuntimeException(new SQLException("refused", "08001"))));
        assertTrue(RunnerDatabase.unreachable(new RuntimeException(new SQLException("shutting down", "57P01"))));
        assertFalse(RunnerDatabase.unreachable(new RuntimeException(new SQLException("duplicate key", "23505"))));
        assertFalse(RunnerDatabase.unreachable(new IllegalStateException("run 3 does not exist")));
    }
}
