package org.rasterhub.portal.runners;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a runner process ended, in words for the messages of the runs it was running: a crash in
 * native code (the JVM's crash report names the signal and the library), a kill (the kernel's
 * out-of-memory killer sends SIGKILL), or an exit status. Nothing when it stopped in good order.
 * The words name no path: they are shown to the run's owner.
 */
final class RunnerExit {
    /** The crash report the runner's JVM writes ({@code -XX:ErrorFile} in start-runner.sh), by pid. */
    static final String CRASH_REPORT = "runner-crash-%d.log";

    private static final Pattern SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\)");
    private static final Pattern FRAME = Pattern.compile("^#\\s+[CjJvV]\\s+\\[([A-Za-z0-9._+-]+?)\\+0x");
    private static final int SIGNALLED = 128;

    private RunnerExit() {
    }

    /**
     * @param exitValue the process's exit status (128 + the signal when a signal ended it)
     * @param crashReport the lines of the JVM's crash report for this process, empty when it wrote none
     */
    static Optional<String> describe(int exitValue, List<String> crashReport) {
        if (!crashReport.isEmpty()) {
            return Optional.of(crash(crashReport));
        }
        return switch (exitValue) {
            case 0 -> Optional.empty();
            case SIGNALLED + 9 -> Optional.of("was killed (SIGKILL): the kernel's out-of-memory killer does this when"
                    + " the machine runs out of memory");
            case SIGNALLED + 15 -> Optional.of("was stopped (SIGTERM)");
            case SIGNALLED + 6, SIGNALLED + 4, SIGNALLED + 7, SIGNALLED + 8, SIGNALLED + 11 ->
                    Optional.of("crashed in native code (" + signalName(exitValue - SIGNALLED) + ")");
            default -> Optional.of(exitValue > SIGNALLED ? "was ended by signal " + (exitValue - SIGNALLED)
                    : "exited with status " + exitValue);
        };
    }

    /** The crash report of the runner process {@code pid} in {@code logs}, as lines; empty when there is none. */
    static List<String> crashReport(Path logs, long pid) {
        Path report = logs.resolve(String.format(CRASH_REPORT, pid));
        try {
            // The summary is at the top; the rest (threads, memory maps) is for the administrator.
            return Files.isRegularFile(report) ? Files.readAllLines(report).stream().limit(60).toList() : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String crash(List<String> report) {
        if (report.stream().anyMatch(line -> line.contains("insufficient memory for the Java Runtime"))) {
            return "ran out of native memory and crashed; its crash report is in the runner's log folder";
        }
        String signal = first(report, SIGNAL).orElse("a fatal error");
        String where = first(report, FRAME).map(library -> " in " + library).orElse("");
        return "crashed in native code (" + signal + where + "); its crash report is in the runner's log folder";
    }

    private static Optional<String> first(List<String> lines, Pattern pattern) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 11 -> "SIGSEGV";
            default -> "signal " + signal;
        };
    }
}
