package org.rasterhub.portal.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** Waiting for runner processes started on their own ({@link PortalServer#startRunner}). */
final class RunnerNodes {
    private RunnerNodes() {
    }

    /** Waits until the Runners list shows every one of {@code names} online. */
    static void awaitOnline(RestClient api, String... names) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode list = null;
        while (Instant.now().isBefore(deadline)) {
            list = api.get("/api/runners").json();
            Set<String> online = new HashSet<>();
            list.get("runners").forEach(r -> {
                if ("ONLINE".equals(r.get("state").asText())) {
                    online.add(r.get("name").asText());
                }
            });
            if (online.containsAll(Set.of(names))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(String.join(", ", names) + " not online in 120 s: " + list);
    }

    /**
     * Waits until the runner's log says its job server is up: it registers earlier in its start-up,
     * so online alone does not mean it takes jobs yet.
     */
    static void awaitStarted(String runner) throws Exception {
        Path log = PortalServer.WORK.resolve("runner-" + runner + ".log");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log) && Files.readString(log).contains("runner " + runner + " started")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(runner + " did not start its job server in 120 s; see " + log);
    }
}
