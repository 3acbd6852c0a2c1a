package org.rasterhub.portal.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run's owner reads of how its runner ended, from exit statuses and real JVM crash reports. */
class RunnerExitTest {
    @TempDir Path logs;

    @Test
    void aCrashReportNamesTheSignalAndTheLibraryButNoPath() throws IOException {
        // The head of the report OpenJDK 17 wrote for a runner that received SIGSEGV.
        List<String> report = List.of("#", "# A fatal error has been detected by the Java Runtime Environment:", "#",
                "#  SIGSEGV (0xb) at pc=0x00007f7c9c8fff14 (sent by kill), pid=5983, tid=5983", "#",
                "# JRE version: OpenJDK Runtime Environment (17.0.15+6) (build 17.0.15+6-Debian-1deb12u1)",
                "# Problematic frame:", "# C  [libonnxruntime.so.1.20.0+0x85f14]", "#",
                "# An error report file with more information is saved as:", "# /srv/rasterhub/logs/runner-crash-5983.log");
        Files.write(logs.resolve("runner-crash-5983.log"), report);

        String how = RunnerExit.describe(1, RunnerExit.crashReport(logs, 5983)).orElseThrow();

        assertEquals("crashed in native code (SIGSEGV in libonnxruntime.so.1.20.0); its crash report is in the"
                + " runner's log folder", how);
    }

    @Test
    void aJvmThatCouldNotMapMemorySaysItRanOutOfNativeMemory() {
        List<String> report = List.of("#", "# There is insufficient memory for the Java Runtime Environment to continue.",
                "# Native memory allocation (mmap) failed to map 65536 bytes for committing reserved memory.");
        assertTrue(RunnerExit.describe(1, report).orElseThrow().startsWith("ran out of native memory"));
    }

    @Test
    void withoutAReportTheExitStatusTells() {
        assertEquals(Optional.empty(), RunnerExit.describe(0, List.of()), "stopped in good order");
        assertTrue(RunnerExit.describe(137, List.of()).orElseThrow().startsWith("was killed (SIGKILL)"));
        assertEquals("crashed in native code (SIGSEGV)", RunnerExit.describe(139, List.of()).orElseThrow());
        assertEquals("crashed in native code (SIGABRT)", RunnerExit.describe(134, List.of()).orElseThrow());
        assertEquals("was stopped (SIGTERM)", RunnerExit.describe(143, List.of()).orElseThrow());
        assertEquals("exited with status 3", RunnerExit.describe(3, List.of()).orElseThrow());
        assertEquals(List.of(), RunnerExit.crashReport(logs, 42), "no report for a process that wrote none");
    }
}
