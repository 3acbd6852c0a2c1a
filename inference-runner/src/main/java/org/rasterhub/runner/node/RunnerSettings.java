package org.rasterhub.runner.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How a runner process is configured: system properties set by {@code scripts/start-runner.sh}
 * from the {@code RASTERHUB_*} environment (the database password stays in the environment).
 *
 * @param home      the data folder shared with the portals (blobs, runner work folders)
 * @param name      the runner's name: what runs record as the node they ran on
 * @param dbUrl     the JDBC URL: PostgreSQL, or the portal's H2 file in automatic server mode
 * @param threads   runs worked at once
 * @param gpus      the GPU ids this runner may use (empty: CPU only)
 * @param parentPid the supervising portal's process: the runner finishes its work and exits when it
 *                  is gone (embedded mode), or empty for a runner started on its own
 */
public record RunnerSettings(Path home, String name, String dbUrl, String dbUser, String dbPassword, int threads,
                             List<Integer> gpus, OptionalLong parentPid) {

    public static RunnerSettings fromSystemProperties() {
        String home = System.getProperty("rasterhub.home");
        String url = System.getProperty("rasterhub.db.url");
        if (home == null || home.isBlank() || url == null || url.isBlank()) {
            throw new IllegalArgumentException("the runner needs rasterhub.home and rasterhub.db.url; start it with"
                    + " scripts/start-runner.sh");
        }
        String name = System.getProperty("rasterhub.node", "");
        if (name.isBlank()) {
            name = hostName();
        }
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("a runner's name is 1-63 of a-z, 0-9 and '-', was \"" + name + "\"");
        }
        int threads = Integer.getInteger("rasterhub.runner.threads", 1);
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("RASTERHUB_RUNNER_THREADS must be 1 to 64, was " + threads);
        }
        String parent = System.getProperty("rasterhub.runner.parentPid", "");
        return new RunnerSettings(Path.of(home).toAbsolutePath().normalize(), name, url,
                System.getProperty("rasterhub.db.user", "sa"),
                System.getenv().getOrDefault("RASTERHUB_DB_PASSWORD", ""), threads,
                gpus(System.getProperty("rasterhub.runner.gpus", "")),
                parent.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(parent)));
    }

    /** "0,1" → [0, 1]; blank → none. */
    static List<Integer> gpus(String ids) {
        if (ids.isBlank()) {
            return List.of();
        }
        try {
            List<Integer> gpus = Arrays.stream(ids.split(",")).map(String::trim).map(Integer::valueOf).toList();
            boolean distinct = gpus.stream().distinct().count() == gpus.size();
            if (gpus.isEmpty() || gpus.stream().anyMatch(id -> id < 0) || !distinct) {
                throw new NumberFormatException();
            }
            return gpus;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RASTERHUB_RUNNER_GPUS is a comma-separated list of distinct GPU ids"
                    + " (\"0,1\"), was \"" + ids + "\"");
        }
    }

    /** The host's name made fit for a node name, as the portal names its node by default. */
    static String hostName() {
        try {
            return nodeName(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return "runner";
        }
    }

    /**
     * A runner's name made from a host or portal node name: lower case, a-z, 0-9 and '-' only, at most
     * 63 characters, never empty ({@code runner}).
     */
    public static String nodeName(String anyName) {
        String name = anyName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+", "");
        return name.isEmpty() ? "runner" : name.substring(0, Math.min(63, name.length()));
    }

    /** Where the runners of this name keep their work files, a folder per process ({@link #workFolder}). */
    public Path workFolders() {
        return home.resolve("runners").resolve(name).resolve("tmp");
    }

    /**
     * This process's work folder: its own even beside a runner of the same name that outlives its
     * portal (embedded mode on PostgreSQL finishes its run while the restarted portal starts another).
     */
    public Path workFolder() {
        return workFolders().resolve("p" + ProcessHandle.current().pid());
    }
}
