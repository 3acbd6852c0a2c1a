package org.rasterhub.portal.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
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
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.rasterhub.core.catalog.AliasName;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.ItemDetails;
import org.rasterhub.portal.catalog.ItemSummary;
import org.rasterhub.portal.catalog.StoredPackage;

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
            ItemDetails item = catalog.upload(content, fileName, -1, BasicAuthFilter.user(security).username(),
                    Progress.NONE);
            return Json.status(201, item)
                    .location(uri.getBaseUriBuilder().path("items").path(Long.toString(item.id())).build())
                    .build();
        }
    }

    /** Uploads the next version of an item (multipart field {@code file}); 201 with the item at that version. */
    @POST
    @Path("{id}/versions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadVersion(@PathParam("id") String id, @FormParam("file") EntityPart file,
                                  @Context SecurityContext security, @Context UriInfo uri)
            throws PackageRejectedException, IOException {
        ItemId itemId = itemId(id);
        if (file == null) {
            return ApiExceptionMappers.json(ApiError.of(400, "missing_file",
                    "send the package as the multipart form field \"file\""));
        }
        try (InputStream content = file.getContent()) {
            ItemDetails item = catalog.uploadVersion(itemId, content, file.getFileName().orElse("package.dlpk"), -1,
                    BasicAuthFilter.user(security), Progress.NONE);
            return Json.status(201, item).location(uri.getBaseUriBuilder().path("items").path(id)
                    .path("versions").path(Integer.toString(item.version())).build()).build();
        }
    }

    /** The versions of an item, oldest first, each with the aliases pointing at it. */
    @GET
    @Path("{id}/versions")
    public Response versions(@PathParam("id") String id) {
        return Json.ok(item(id).versions());
    }

    /** The item at one version, named by number ("2") or alias ("production"). */
    @GET
    @Path("{id}/versions/{version}")
    public Response version(@PathParam("id") String id, @PathParam("version") String version) {
        return Json.ok(catalog.find(itemId(id), version));
    }

    /** Downloads a version's package, after checking its bytes still match its SHA-256. */
    @GET
    @Path("{id}/versions/{version}/package")
    @Produces("application/zip")
    public Response download(@PathParam("id") String id, @PathParam("version") String version) throws IOException {
        StoredPackage stored = catalog.verifiedPackage(itemId(id), version);
        StreamingOutput body = out -> Files.copy(stored.file(), out);
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + stored.fileName().replace("\"", "") + "\"")
                .header("Content-Length", stored.size())
                .header("Digest", "sha-256=" + java.util.Base64.getEncoder().encodeToString(
                        java.util.HexFormat.of().parseHex(stored.sha256())))
                .build();
    }

    /** Points an alias at a version: body {@code {"version": 2}}; creates or moves the alias. */
    @PUT
    @Path("{id}/aliases/{alias}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setAlias(@PathParam("id") String id, @PathParam("alias") String alias, String body,
                             @Context SecurityContext security) {
        AliasRequest request = Json.read(body, AliasRequest.class);
        if (request == null || request.version() == null) {
            throw new InvalidRequestException("missing_version", "send {\"version\": <number>} to point the alias at");
        }
        return Json.ok(catalog.setAlias(itemId(id), aliasName(alias), request.version(),
                BasicAuthFilter.user(security)));
    }

    @DELETE
    @Path("{id}/aliases/{alias}")
    public Response removeAlias(@PathParam("id") String id, @PathParam("alias") String alias,
                                @Context SecurityContext security) {
        boolean removed = catalog.removeAlias(itemId(id), aliasName(alias), BasicAuthFilter.user(security));
        if (!removed) {
            throw new ItemNotFoundException(id + "/aliases/" + alias);
        }
        return Response.noContent().build();
    }

    /** Body of {@code PUT /api/items/{id}/aliases/{alias}}. */
    public record AliasRequest(Integer version) {
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
        return Json.ok(item(id));
    }

    private ItemDetails item(String id) {
        return ItemId.parse(id).flatMap(catalog::find).orElseThrow(() -> new ItemNotFoundException(id));
    }

    private static ItemId itemId(String id) {
        return ItemId.parse(id).orElseThrow(() -> new ItemNotFoundException(id));
    }

    private static AliasName aliasName(String alias) {
        try {
            return new AliasName(alias);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid_alias", e.getMessage());
        }
    }
}
