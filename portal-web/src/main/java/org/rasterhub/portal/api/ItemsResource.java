package org.rasterhub.portal.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.ItemDetails;
import org.rasterhub.portal.catalog.ItemSummary;

/** {@code /api/items}: upload packages and read the catalog. */
@Path("items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemsResource {
    private final CatalogService catalog;

    @Inject
    public ItemsResource(CatalogService catalog) {
        this.catalog = catalog;
    }

    public ItemsResource() {
        this(null);
    }

    /** Uploads a package (multipart field {@code file}); 201 with the new item. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@FormParam("file") EntityPart file, @Context SecurityContext security,
                           @Context UriInfo uri) throws PackageRejectedException, IOException {
        if (file == null) {
            return ApiExceptionMappers.json(ApiError.of(400, "missing_file",
                    "send the package as the multipart form field \"file\""));
        }
        String fileName = file.getFileName().orElse("package.dlpk");
        try (InputStream content = file.getContent()) {
            ItemDetails item = catalog.upload(content, fileName, -1,
                    security.getUserPrincipal().getName(), Progress.NONE);
            return Json.status(201, item)
                    .location(uri.getBaseUriBuilder().path("items").path(Long.toString(item.id())).build())
                    .build();
        }
    }

    /** All items, most recently modified first. */
    @GET
    public Response list() {
        List<ItemSummary> items = catalog.list();
        return Json.ok(items);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return Json.ok(ItemId.parse(id).flatMap(catalog::find).orElseThrow(() -> new ItemNotFoundException(id)));
    }
}
