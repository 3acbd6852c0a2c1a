package org.rasterhub.portal.api;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import org.rasterhub.core.catalog.AliasName;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.ItemDetails;
import org.rasterhub.portal.catalog.PackageUploads;
import org.rasterhub.portal.catalog.search.SearchQuery;
import org.rasterhub.portal.catalog.ItemEdit;
import org.rasterhub.portal.catalog.ModelContracts;
import org.rasterhub.portal.catalog.StacMlm;
import org.rasterhub.portal.catalog.StoredPackage;
import org.rasterhub.portal.catalog.Thumbnails;
import org.rasterhub.portal.catalog.UnusedBlobs;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.SignedInUser;

/** {@code /api/items}: upload packages and read the catalog. */
@Path("items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemsResource {
    private final CatalogService catalog;
    private final PackageUploads uploads;
    private final UnusedBlobs unusedBlobs;
    private final PortalSettings settings;
    private final ModelContracts contracts;

    @Inject
    public ItemsResource(CatalogService catalog, PackageUploads uploads, UnusedBlobs unusedBlobs,
                         PortalSettings settings, ModelContracts contracts) {
        this.catalog = catalog;
        this.uploads = uploads;
        this.unusedBlobs = unusedBlobs;
        this.settings = settings;
        this.contracts = contracts;
    }

    public ItemsResource() {
        this(null, null, null, null, null);
    }

    /** Uploads a package (multipart field {@code file}); 201 with the new item. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@Context HttpServletRequest request, @Context SecurityContext security,
                           @Context UriInfo uri) throws PackageRejectedException, IOException {
        SignedInUser user = ApiAuthFilter.user(security);
        catalog.requireCanUpload(user);   // before a byte of the body is read
        ItemDetails item = MultipartFile.receive(request, settings.maxPackageBytes(), "package.dlpk",
                (fileName, content) -> uploads.newItem(content, fileName, -1, user, Progress.NONE));
        return Json.status(201, item)
                .location(uri.getBaseUriBuilder().path("items").path(Long.toString(item.id())).build())
                .build();
    }

    /**
     * The model definition a bare {@code .onnx} (multipart field {@code file}) would be packaged with,
     * generated from its Deepness metadata, and how each key was decided: for the user to check before
     * uploading the same file to {@code POST /api/items}. Nothing is stored. 422 {@code no_model_metadata}
     * when the model does not say enough.
     */
    @POST
    @Path("definition")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response definition(@Context HttpServletRequest request, @Context SecurityContext security)
            throws PackageRejectedException, IOException {
        SignedInUser user = ApiAuthFilter.user(security);
        catalog.requireCanUpload(user);
        var generated = MultipartFile.receive(request, settings.maxPackageBytes(), "model.onnx",
                (fileName, content) -> uploads.definitionFor(content, fileName, user));
        return Json.ok(java.util.Map.of("emd", generated.emd(), "notes", generated.notes()));
    }

    /** Uploads the next version of an item (multipart field {@code file}); 201 with the item at that version. */
    @POST
    @Path("{id}/versions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadVersion(@PathParam("id") String id, @Context HttpServletRequest request,
                                  @Context SecurityContext security, @Context UriInfo uri)
            throws PackageRejectedException, IOException {
        ItemId itemId = itemId(id);
        SignedInUser user = ApiAuthFilter.user(security);
        catalog.requireCanAddVersion(itemId, user);   // before a byte of the body is read
        ItemDetails item = MultipartFile.receive(request, settings.maxPackageBytes(), "package.dlpk",
                (fileName, content) -> uploads.newVersion(itemId, content, fileName, -1, user, Progress.NONE));
        return Json.status(201, item).location(uri.getBaseUriBuilder().path("items").path(id)
                .path("versions").path(Integer.toString(item.version())).build()).build();
    }

    /** The versions of an item, oldest first, each with the aliases pointing at it. */
    @GET
    @Path("{id}/versions")
    public Response versions(@PathParam("id") String id, @Context SecurityContext security) {
        return Json.ok(item(id, security).versions());
    }

    /** The item at one version, named by number ("2") or alias ("production"). */
    @GET
    @Path("{id}/versions/{version}")
    public Response version(@PathParam("id") String id, @PathParam("version") String version,
                            @Context SecurityContext security) {
        return Json.ok(catalog.find(itemId(id), version, ApiAuthFilter.caller(security)));
    }

    /**
     * What a version's ONNX model file says about its inputs and outputs, and what a run makes of them
     * with the definition's defaults; 422 {@code no_model_facts} for other model files.
     */
    @GET
    @Path("{id}/versions/{version}/model")
    public Response model(@PathParam("id") String id, @PathParam("version") String version,
                          @Context SecurityContext security) {
        ItemDetails item = catalog.find(itemId(id), version, ApiAuthFilter.caller(security));
        return Json.ok(contracts.of(item).orElseThrow(() -> new InvalidRequestException("no_model_facts",
                "the model file of version " + item.version() + " is not an ONNX file whose inputs and outputs"
                        + " can be read without running it")));
    }

    /**
     * The latest version as a STAC Item with the Machine Learning Model extension (MLM v1.5); its
     * {@code model} asset is the package, with its SHA-256 as {@code file:checksum}.
     */
    @GET
    @Path("{id}/stac")
    @Produces("application/geo+json")
    public Response stac(@PathParam("id") String id, @Context SecurityContext security, @Context UriInfo uri) {
        return stacOf(id, Integer.toString(item(id, security).version()), security, uri);
    }

    /** One version as a STAC MLM Item. */
    @GET
    @Path("{id}/versions/{version}/stac")
    @Produces("application/geo+json")
    public Response stacOf(@PathParam("id") String id, @PathParam("version") String version,
                           @Context SecurityContext security, @Context UriInfo uri) {
        ItemDetails item = catalog.find(itemId(id), version, ApiAuthFilter.caller(security));
        var base = uri.getBaseUriBuilder().path("items").path(Long.toString(item.id())).path("versions")
                .path(Integer.toString(item.version()));
        var stac = StacMlm.export(item, contracts.factsOf(item).orElse(null),
                base.clone().path("package").build().toString(), base.clone().path("stac").build().toString());
        return Response.ok(stac.toString(), "application/geo+json").build();
    }

    /**
     * A new item from a STAC MLM Item (multipart text field {@code item}, sent first) and its model file
     * (field {@code file}): a package as it is, or a bare {@code .onnx} with the definition the item
     * describes. 422 {@code stac_mismatch} when the file is not the one the item's checksum names or the
     * item describes no model RasterHub runs.
     */
    @POST
    @Path("stac")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importStac(@Context HttpServletRequest request, @Context SecurityContext security,
                               @Context UriInfo uri) throws PackageRejectedException, IOException {
        SignedInUser user = ApiAuthFilter.user(security);
        catalog.requireCanUpload(user);
        ItemDetails item = MultipartFile.receive(request, settings.maxPackageBytes(), "model.onnx",
                (fields, fileName, content) -> {
                    String text = fields.get("item");
                    com.fasterxml.jackson.databind.JsonNode stac;
                    try {
                        stac = text == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
                    } catch (IOException e) {
                        stac = null;
                    }
                    if (stac == null || !stac.isObject()) {
                        throw new InvalidRequestException(400, "missing_stac_item", "send the STAC Item as the"
                                + " multipart text field \"item\", before the field \"file\"");
                    }
                    return uploads.newItemFromStac(stac, content, fileName, user, Progress.NONE);
                });
        return Json.status(201, item)
                .location(uri.getBaseUriBuilder().path("items").path(Long.toString(item.id())).build())
                .build();
    }

    /** Downloads a version's package, after checking its bytes still match its SHA-256. */
    @GET
    @Path("{id}/versions/{version}/package")
    @Produces("application/zip")
    public Response download(@PathParam("id") String id, @PathParam("version") String version,
                             @Context SecurityContext security) throws IOException {
        StoredPackage stored = catalog.verifiedPackage(itemId(id), version, ApiAuthFilter.caller(security));
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
                ApiAuthFilter.user(security)));
    }

    @DELETE
    @Path("{id}/aliases/{alias}")
    public Response removeAlias(@PathParam("id") String id, @PathParam("alias") String alias,
                                @Context SecurityContext security) {
        boolean removed = catalog.removeAlias(itemId(id), aliasName(alias), ApiAuthFilter.user(security));
        if (!removed) {
            throw new ItemNotFoundException(id + "/aliases/" + alias);
        }
        return Response.noContent().build();
    }

    /** Body of {@code PUT /api/items/{id}/aliases/{alias}}. */
    public record AliasRequest(Integer version) {
    }

    /**
     * Searches the items the caller may see (anonymous callers: public items):
     * {@code ?q=&modelType=&framework=&owner=&tag=&sharing=&sort=relevance|modified|title&page=0&size=20},
     * answered {@code {"total", "page", "size", "items": [...]}}; without parameters, every item, most
     * recently modified first. A parameter out of range or unknown is 422 naming it.
     */
    @GET
    public Response list(@Context SecurityContext security, @Context UriInfo uri) {
        SearchQuery query = SearchQuery.fromParameters(uri.getQueryParameters());
        return Json.ok(catalog.search(query, ApiAuthFilter.caller(security)));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        return Json.ok(item(id, security));
    }

    /**
     * Edits title, summary, description and tags: body {@code {"title", "summary", "description",
     * "tags": [...]}}; a field left out stays as it is, an empty string clears summary or description.
     */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response edit(@PathParam("id") String id, String body, @Context SecurityContext security) {
        ItemEdit edit = Json.read(body, ItemEdit.class);
        if (edit == null) {
            throw new InvalidRequestException("missing_body", "send {\"title\", \"summary\", \"description\", "
                    + "\"tags\"} with the fields to change");
        }
        ApiAuthFilter.user(security);
        return Json.ok(catalog.describe(itemId(id), ApiAuthFilter.caller(security), edit));
    }

    /**
     * Shares an item: body {@code {"sharing": "private|groups|organization|public", "groups": [ids]}};
     * the groups replace those the item was shared with.
     */
    @PUT
    @Path("{id}/sharing")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response share(@PathParam("id") String id, String body, @Context SecurityContext security) {
        ApiAuthFilter.user(security);
        SharingRequest request = SharingRequest.read(body);
        return Json.ok(catalog.share(itemId(id), ApiAuthFilter.caller(security), request.level(), request.groupIds()));
    }

    /** Body of {@code PUT /api/items/{id}/sharing} and {@code PUT /api/layers/{id}/sharing}. */
    public record SharingRequest(String sharing, List<Long> groups) {
        /** @throws InvalidRequestException for a missing body or sharing level */
        static SharingRequest read(String body) {
            SharingRequest request = Json.read(body, SharingRequest.class);
            if (request == null || request.sharing() == null) {
                throw new InvalidRequestException("missing_sharing", "send {\"sharing\": \"private|groups|"
                        + "organization|public\", \"groups\": [group ids]}");
            }
            return request;
        }

        /** @throws InvalidRequestException naming a level that is none */
        Sharing level() {
            try {
                return Sharing.valueOf(sharing.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("invalid_sharing", "sharing must be private, groups, organization "
                        + "or public, was \"" + sharing + "\"");
            }
        }

        List<Long> groupIds() {
            return groups == null ? List.of() : groups;
        }
    }

    /** Deletes an item, its versions and the runs made with it; blobs nothing else uses go too. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        ApiAuthFilter.user(security);
        unusedBlobs.delete(catalog.delete(itemId(id), ApiAuthFilter.caller(security)));
        return Response.noContent().build();
    }

    /** The item's thumbnail: the uploaded image, or one drawn from its class colours. */
    @GET
    @Path("{id}/thumbnail")
    @Produces({"image/png", "image/jpeg"})
    public Response thumbnail(@PathParam("id") String id, @Context SecurityContext security) throws IOException {
        Thumbnails.Image image = catalog.thumbnail(itemId(id), ApiAuthFilter.caller(security));
        return Response.ok(image.bytes(), image.mediaType())
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, max-age=60")
                .build();
    }

    /** Uploads a PNG or JPEG thumbnail (multipart field {@code file}, at most 2 MiB and 4096 pixels a side). */
    @PUT
    @Path("{id}/thumbnail")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response setThumbnail(@PathParam("id") String id, @Context HttpServletRequest request,
                                 @Context SecurityContext security) throws IOException {
        ApiAuthFilter.user(security);
        ItemId itemId = itemId(id);
        Caller caller = ApiAuthFilter.caller(security);
        catalog.requireCanChangeThumbnail(itemId, caller);   // before a byte of the body is read
        CatalogService.ThumbnailChange change = MultipartFile.receive(request, Thumbnails.MAX_BYTES, "thumbnail",
                (fileName, content) -> catalog.setThumbnail(itemId, caller, content));
        unusedBlobs.delete(change.maybeUnused());
        return Json.ok(change.item());
    }

    private ItemDetails item(String id, SecurityContext security) {
        Caller caller = ApiAuthFilter.caller(security);
        return ItemId.parse(id).flatMap(itemId -> catalog.find(itemId, caller))
                .orElseThrow(() -> new ItemNotFoundException(id));
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
