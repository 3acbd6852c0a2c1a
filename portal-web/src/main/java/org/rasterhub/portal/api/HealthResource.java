package org.rasterhub.portal.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@code GET /api/health}: 200 when the application is deployed and its database answers. */
@Path("health")
public class HealthResource {
    private final DataSource dataSource;

    @Inject
    public HealthResource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public HealthResource() {
        this(null);
    }

    /** The health document: {@code {"status":"UP","database":"UP"}}. */
    public record Health(String status, String database) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(2);
            return valid ? Json.ok(new Health("UP", "UP")) : Json.status(503, new Health("DOWN", "DOWN")).build();
        } catch (SQLException e) {
            return Json.status(503, new Health("DOWN", "DOWN")).build();
        }
    }
}
