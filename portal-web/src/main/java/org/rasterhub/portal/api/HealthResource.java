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
import org.rasterhub.portal.catalog.search.CatalogSearchEngine;

/** {@code GET /api/health}: 200 when the application is deployed and its database answers. */
@Path("health")
public class HealthResource {
    private final DataSource dataSource;
    private final CatalogSearchEngine searchEngine;

    @Inject
    public HealthResource(DataSource dataSource, CatalogSearchEngine searchEngine) {
        this.dataSource = dataSource;
        this.searchEngine = searchEngine;
    }

    public HealthResource() {
        this(null, null);
    }

    /**
     * The health document: {@code {"status":"UP","database":"UP","search":{...}}}, where search tells
     * whether the memory search index is {@code LOADING}, {@code READY} (with its number of items) or
     * {@code FAILED} (searches then run on the SQL index, slower but complete).
     */
    public record Health(String status, String database, SearchHealth search) {
    }

    /**
     * Only the state: health answers anyone, and a count of items (private ones among them) or a
     * failure's text would tell visitors what they may not see. The log has both.
     */
    public record SearchHealth(CatalogSearchEngine.State state) {
        static SearchHealth of(CatalogSearchEngine.Status status) {
            return new SearchHealth(status.state());
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(2);
            SearchHealth search = SearchHealth.of(searchEngine.status());
            return valid ? Json.ok(new Health("UP", "UP", search))
                    : Json.status(503, new Health("DOWN", "DOWN", search)).build();
        } catch (SQLException e) {
            return Json.status(503, new Health("DOWN", "DOWN", SearchHealth.of(searchEngine.status()))).build();
        }
    }
}
