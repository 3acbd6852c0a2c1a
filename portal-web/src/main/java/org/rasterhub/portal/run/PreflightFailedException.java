package org.rasterhub.portal.run;

import java.util.List;
import org.rasterhub.runner.preflight.PreflightFinding;

/** A run that cannot run here, refused before it was queued; carries every finding. */
public final class PreflightFailedException extends Exception {
    private final List<PreflightFinding> findings;

    public PreflightFailedException(List<PreflightFinding> findings) {
        super("the run cannot run here: " + findings.get(0));
        this.findings = List.copyOf(findings);
    }

    public List<PreflightFinding> findings() {
        return findings;
    }
}
