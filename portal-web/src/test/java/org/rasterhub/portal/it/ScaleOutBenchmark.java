package org.rasterhub.portal.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rasterhub.runner.raster.Gdal;

/**
 * Scale-out efficiency of runner processes (issue #15): throughput with 2 runners ÷ (2 × throughput
 * with 1), each runner pinned to a core of its own with {@code taskset}, on the same portal, model
 * and raster, in the same session. The portal runs no runner of its own; the runners are started as
 * a user starts runner nodes ({@code scripts/start-runner.sh}).
 *
 * <p>Two modes. Runs whole ({@code unitTiles} 0): the runners share a batch of identical runs, twice
 * as many for two. In work units ({@code unitTiles} &gt; 0, e.g. one tile row): the same batch for one
 * and for two runners, each run split into units that both runners work, so two runners make one run
 * faster.
 *
 * <p>Usage: {@code ScaleOutBenchmark [runsPerRunner] [pixels] [unitTiles]} (defaults 4, 1024, 0).
 */
public final class ScaleOutBenchmark {
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private ScaleOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runsPerRunner = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int pixels = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int unitTiles = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Map<String, String> environment = unitTiles > 0
                ? Map.of("RASTERHUB_RUNNER_UNIT_TILES", Integer.toString(unitTiles))
                : Map.of("RASTERHUB_RUNNER_UNIT_TILES", "1000000");
        int secondBatch = unitTiles > 0 ? runsPerRunner : 2 * runsPerRunner;
        Gdal.init();
        Path root = Path.of(System.getProperty("rasterhub.it.root", "..")).toAbsolutePath().normalize();
        Path home = Files.createDirectories(PortalServer.WORK.resolve("home-scale-" + System.currentTimeMillis()));
        List<Process> runners = new ArrayList<>();
        try (PortalServer portal = PortalServer.start(home, PortalServer.WORK.resolve("portal-scale.log"), "", null,
                Map.of("RASTERHUB_EMBEDDED_RUNNER", "0"))) {
            RestClient api = RestClient.asAdmin(portal);
            long item = RunLifecycleIT.slowModel(api, "ScaleOut");
            long raster = TestRasters.uploadBlocks(api, home.resolveSibling(home.getFileName() + "-input.tif"), pixels);

            runners.add(runner(root, home, "bench-a", 0, environment));
            batch(api, item, raster, 1); // warms the runner up: JIT, model load, GDAL
            double one = batch(api, item, raster, runsPerRunner);
            System.out.printf("1 runner (core 0): %d runs in %.1f s, %.3f runs/s%n", runsPerRunner,
                    runsPerRunner / one, one);

            runners.add(runner(root, home, "bench-b", 1, environment));
            batch(api, item, raster, 2); // warms the second one up
            double two = batch(api, item, raster, secondBatch);
            System.out.printf("2 runners (cores 0, 1): %d runs in %.1f s, %.3f runs/s%n", secondBatch,
                    secondBatch / two, two);
            System.out.printf("scale-out efficiency = %.3f (target >= 0.9)%n", two / (2 * one));
        } finally {
            for (Process runner : runners) {
                runner.destroy();
                runner.waitFor();
            }
        }
    }

    /** Submits {@code runs} identical runs at once and returns runs per second until the last finished. */
    private static double batch(RestClient api, long item, long raster, int runs) throws Exception {
        long start = System.nanoTime();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + raster
                    + "], \"arguments\": {\"padding\": 32}}");
            if (submitted.status() != 202) {
                throw new IllegalStateException("not queued: " + submitted.body());
            }
            ids.add(submitted.json().get("id").asLong());
        }
        for (long id : ids) {
            JsonNode done = RunLifecycleIT.await(api, id, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofMinutes(30));
            if (!"SUCCEEDED".equals(done.get("status").asText())) {
                throw new IllegalStateException("run " + id + " did not succeed: " + done);
            }
        }
        return runs / ((System.nanoTime() - start) / 1e9);
    }

    private static Process runner(Path root, Path home, String name, int core, Map<String, String> environment)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder("taskset", "-c", Integer.toString(core), "bash",
                root.resolve("scripts/start-runner.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(PortalServer.WORK.resolve("runner-" + name + ".log").toFile());
        builder.environment().put("RASTERHUB_HOME", home.toString());
        builder.environment().put("RASTERHUB_NODE", name);
        builder.environment().putAll(environment);
        return builder.start();
    }
}
