package org.rasterhub.portal.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.rasterhub.portal.runners.RunnerStatus;
import org.rasterhub.portal.runners.Runners;

/** {@code GET /api/runners}: the runner processes, online first, with the run each works now. */
@Path("runners")
@Produces(MediaType.APPLICATION_JSON)
public class RunnersResource {
    private final Runners runners;

    @Inject
    public RunnersResource(Runners runners) {
        this.runners = runners;
    }

    public RunnersResource() {
        this(null);
    }

    /** Any signed-in account: whoever queues runs may see whether anything will run them. */
    @GET
    public Response list(@Context SecurityContext security) {
        ApiAuthFilter.user(security);
        List<RunnerStatus> list = runners.list();
        return Json.ok(new Listing(list.stream().filter(RunnerStatus::online).count(), list));
    }

    /** @param online how many are online now */
    public record Listing(long online, List<RunnerStatus> runners) {
    }
}
