package org.rasterhub.runner.preflight;

/**
 * One thing found before a run.
 *
 * @param subject what it is about: a file, a key of the {@code .emd}, "processor"
 */
public record PreflightFinding(Severity severity, String subject, String message) {

    /** ERROR stops the run before it is queued; WARNING is shown and the run may go ahead. */
    public enum Severity { ERROR, WARNING }

    public static PreflightFinding error(String subject, String message) {
        return new PreflightFinding(Severity.ERROR, subject, message);
    }

    public static PreflightFinding warning(String subject, String message) {
        return new PreflightFinding(Severity.WARNING, subject, message);
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + subject + ": " + message;
    }
}
