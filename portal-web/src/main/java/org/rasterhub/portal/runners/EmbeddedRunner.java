package org.rasterhub.portal.runners;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.portal.run.RunStore;

/**
 * The runner process of embedded mode: started by the portal with {@code scripts/start-runner.sh}
 * on the portal's database and data folder, and started again whenever it exits (a model that
 * crashed it natively, the OOM killer), after a back-off that grows while it keeps dying young. The
 * runner watches the portal in turn: when the portal is gone it finishes its run and exits.
 *
 * <p>Off when the portal is started with {@code RASTERHUB_EMBEDDED_RUNNER=0} (a cluster's portal
 * nodes, whose runner nodes are started on their own); {@code start-portal.sh} then leaves the
 * system property {@code rasterhub.runner.script} unset.
 */
@ApplicationScoped
public class EmbeddedRunner {
    private static final System.Logger LOG = System.getLogger(EmbeddedRunner.class.getName());
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(30);
    /** A runner that lived this long was healthy: the next restart waits the shortest back-off again. */
    private static final Duration HEALTHY = Duration.ofMinutes(1);

    private final PortalSettings settings;
    private final RunStore runs;
    private volatile boolean stopping;
    private volatile Process process;
    private volatile int restarts;
    private Thread supervisor;

    @Inject
    public EmbeddedRunner(PortalSettings settings, RunStore runs) {
        this.settings = settings;
        this.runs = runs;
    }

    protected EmbeddedRunner() {
        this(null, null); // for the CDI proxy only
    }

    /** The script that starts a runner, or empty when this portal supervises none. */
    static Optional<Path> script() {
        String script = System.getProperty("rasterhub.runner.script", "");
        return script.isBlank() ? Optional.empty() : Optional.of(Path.of(script));
    }

    public boolean enabled() {
        return script().isPresent();
    }

    /** The name the runner reports (and its runs record): this portal's node name, as a node name. */
    public String runnerName() {
        return org.rasterhub.runner.node.RunnerSettings.nodeName(settings.nodeName());
    }

    /** How often the runner was started again after it exited. */
    public int restarts() {
        return restarts;
    }

    /** The runner process now, if one is alive. */
    public Optional<ProcessHandle> process() {
        Process p = process;
        return p != null && p.isAlive() ? Optional.of(p.toHandle()) : Optional.empty();
    }

    /** Starts the runner and its supervision; called once at startup, after the queue is open. */
    public synchronized void start() {
        Optional<Path> script = script();
        if (script.isEmpty()) {
            LOG.log(Level.INFO, "no embedded runner: runner nodes started on their own work the queue");
            return;
        }
        if (supervisor != null) {
            return;
        }
        supervisor = new Thread(() -> supervise(script.get()), "runner-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private void supervise(Path script) {
        Duration backoff = Duration.ofSeconds(1);
        while (!stopping) {
            Instant started = Instant.now();
            try {
                process = launch(script);
                LOG.log(Level.INFO, "runner {0} started pid={1}", runnerName(), process.pid());
                int exit = process.waitFor();
                if (stopping) {
                    return;
                }
                LOG.log(Level.WARNING, "runner {0} exited with {1}; starting it again", runnerName(), exit);
                recordStop(process.pid(), exit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.io.IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "could not start the runner: " + e.getMessage());
            }
            backoff = Duration.between(started, Instant.now()).compareTo(HEALTHY) > 0 ? Duration.ofSeconds(1)
                    : backoff;
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : backoff.multipliedBy(2);
            restarts++;
        }
    }

    /**
     * Tells the runs the runner was running how it ended (a crash in native code, a kill), so that
     * their owners read why they start over, and why they failed after their last attempt.
     */
    private void recordStop(long pid, int exit) {
        RunnerExit.describe(exit, RunnerExit.crashReport(settings.home().resolve("logs"), pid)).ifPresent(how -> {
            try {
                int told = runs.runnerStopped(runnerName(), how);
                LOG.log(Level.WARNING, "runner {0} {1}; {2} run(s) it was running were told", runnerName(), how, told);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not record on its runs how runner " + runnerName() + " stopped: "
                        + e.getMessage());
            }
        });
    }

    /** The runner's output joins the portal's (one log to read); the password stays in the environment. */
    private Process launch(Path script) throws java.io.IOException {
        if (!Files.isRegularFile(script)) {
            throw new java.io.IOException("the runner start script " + script + " is missing");
        }
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        var env = builder.environment();
        env.put("RASTERHUB_HOME", settings.home().toString());
        env.put("RASTERHUB_NODE", runnerName());
        env.put("RASTERHUB_DB_URL", System.getProperty("rasterhub.db.url", ""));
        env.put("RASTERHUB_DB_USER", System.getProperty("rasterhub.db.user", ""));
        env.put("RASTERHUB_RUNNER_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        return builder.start();
    }

    /** Stops the runner with the portal (SIGTERM; its run in hand is picked up again after a restart). */
    @PreDestroy
    void stop() {
        stopping = true;
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
