package org.rasterhub.portal.api;

import org.rasterhub.runner.job.Tool;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.portal.run.FeatureLayerDetails;
import org.rasterhub.portal.run.FeatureLayerNotFoundException;
import org.rasterhub.portal.run.ImageryUploads;
import org.rasterhub.portal.run.JobQueue;
import org.rasterhub.portal.run.NotAFeatureLayerException;
import org.rasterhub.portal.run.NotARasterException;
import org.rasterhub.portal.run.PreflightFailedException;
import org.rasterhub.portal.run.RasterDetails;
import org.rasterhub.portal.run.RasterNotFoundException;
import org.rasterhub.portal.run.RunCancellation;
import org.rasterhub.portal.run.RunArguments;
import org.rasterhub.portal.run.RunDetails;
import org.rasterhub.portal.run.RunNotFoundException;
import org.rasterhub.portal.run.RunService;
import org.rasterhub.portal.run.RunSubmission;
import org.rasterhub.portal.run.ServerFileException;
import org.rasterhub.runner.job.Tool;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.SignedInUser;

/** Imagery ({@code /api/rasters}), feature layers ({@code /api/features}) and runs ({@code /api/runs}). */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
    /** A proxy per request: JAX-RS hands it to singletons too. */
    @Context
    private SecurityContext security;

    private final RunService runs;
    private final RunCancellation cancellation;
    private final ImageryUploads imagery;
    private final JobQueue queue;
    private final BlobStore blobs;
    private final PortalSettings settings;

    @Inject
    public RunsResource(RunService runs, RunCancellation cancellation, ImageryUploads imagery, JobQueue queue,
                        BlobStore blobs, PortalSettings settings) {
        this.runs = runs;
        this.cancellation = cancellation;
        this.imagery = imagery;
        this.queue = queue;
        this.blobs = blobs;
        this.settings = settings;
    }

    public RunsResource() {
        this(null, null, null, null, null, null);
    }

    /** Uploads a raster GDAL can read (multipart field {@code file}); 201 with the imagery item. */
    @POST
    @Path("rasters")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadRaster(@Context HttpServletRequest request, @Context SecurityContext security,
                                 @Context UriInfo uri) throws IOException, NotARasterException {
        SignedInUser user = ApiAuthFilter.user(security);
        runs.requireCanAddImagery(user, "add imagery");   // before a byte of the body is read
        RasterDetails raster = MultipartFile.receive(request, imagery.maxBytes(), "raster.tif",
                (fileName, content) -> imagery.uploadRaster(content, fileName, user));
        return Json.status(201, raster)
                .location(uri.getBaseUriBuilder().path("rasters").path(Long.toString(raster.id())).build())
                .build();
    }

    /**
     * Registers a raster in a server folder an administrator opened: body {@code {"folder":
     * "imagery", "path": "2025/scene.tif"}}; 201 with the imagery item. The file is read where it
     * is, not copied.
     */
    @POST
    @Path("rasters")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response registerRaster(String body, @Context SecurityContext security, @Context UriInfo uri)
            throws IOException, NotARasterException, ServerFileException {
        ServerRaster request = Json.read(body, ServerRaster.class);
        if (request == null || request.folder() == null || request.path() == null) {
            throw new InvalidRequestException("missing_fields", "send {\"folder\": <imagery folder>, \"path\":"
                    + " <file inside it>}, or upload the raster as multipart field \"file\"");
        }
        RasterDetails raster = imagery.registerServerRaster(request.folder(), request.path(),
                ApiAuthFilter.user(security));
        return Json.status(201, raster)
                .location(uri.getBaseUriBuilder().path("rasters").path(Long.toString(raster.id())).build())
                .build();
    }

    /** Body of {@code POST /api/rasters} for a server file. */
    public record ServerRaster(String folder, String path) {
    }

    /** The imagery folders an administrator opened, by name. */
    @GET
    @Path("imagery-folders")
    public Response imageryFolders() {
        ApiAuthFilter.user(security);
        return Json.ok(settings.imageryFolders().names());
    }

    /** Files and folders inside an imagery folder ({@code ?path=} a sub-folder); folders end in "/". */
    @GET
    @Path("imagery-folders/{name}")
    public Response imageryFolder(@PathParam("name") String name, @QueryParam("path") String path)
            throws ServerFileException {
        ApiAuthFilter.user(security);
        return Json.ok(settings.imageryFolders().list(name, path));
    }

    @GET
    @Path("rasters/{id}")
    public Response raster(@PathParam("id") String id) {
        return Json.ok(PathIds.id(id).flatMap(i -> runs.raster(i, caller())).orElseThrow(() -> new RasterNotFoundException(-1)));
    }

    /** Uploads a GeoJSON or GeoPackage feature layer (multipart field {@code file}); 201 with the layer. */
    @POST
    @Path("features")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadFeatures(@Context HttpServletRequest request, @Context SecurityContext security,
                                   @Context UriInfo uri) throws IOException, NotAFeatureLayerException {
        SignedInUser user = ApiAuthFilter.user(security);
        runs.requireCanAddImagery(user, "add feature layers");   // before a byte of the body is read
        FeatureLayerDetails layer = MultipartFile.receive(request, imagery.maxBytes(), "features.geojson",
                (fileName, content) -> imagery.uploadFeatures(content, fileName, user));
        return Json.status(201, layer)
                .location(uri.getBaseUriBuilder().path("features").path(Long.toString(layer.id())).build())
                .build();
    }

    @GET
    @Path("features/{id}")
    public Response featureLayer(@PathParam("id") String id) {
        return Json.ok(PathIds.id(id).flatMap(i -> runs.featureLayer(i, caller())).orElseThrow(() -> new FeatureLayerNotFoundException(-1)));
    }

    /**
     * Submits a run: body {@code {"item": 1, "version": "production", "tool": "detect_objects",
     * "rasters": [2, 3], "arguments": {"threshold": 0.6}}}; Detect Change takes {@code "from"} and
     * {@code "to"}, Classify Objects {@code "features"}. 202 with the queued run, or 422 with every
     * pre-flight error.
     */
    @POST
    @Path("runs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(String body, @Context SecurityContext security, @Context UriInfo uri)
            throws PreflightFailedException, IOException {
        RunRequest request = Json.read(body, RunRequest.class);
        if (request == null || request.item() == null) {
            throw new InvalidRequestException("missing_fields", "send {\"item\": <id>, \"tool\": \"classify_pixels\","
                    + " \"rasters\": [<id>, ...]} at least");
        }
        Tool tool = request.tool() == null ? Tool.CLASSIFY_PIXELS : Tool.named(request.tool())
                .orElseThrow(() -> new InvalidRequestException("unknown_tool", "there is no tool \"" + request.tool()
                        + "\"; expected one of " + Tool.apiNames()));
        List<Long> rasters = new ArrayList<>(request.rasters() == null ? List.of() : request.rasters());
        if (request.raster() != null) {
            rasters.add(0, request.raster());
        }
        request.checkIds(rasters);
        RunDetails run = runs.submit(new RunSubmission(new ItemId(request.item()), request.version(), tool, rasters,
                request.from(), request.to(), request.features(), request.arguments()), ApiAuthFilter.user(security));
        queue.enqueue(run.id());
        return accepted(run, uri);
    }

    /**
     * Body of {@code POST /api/runs}.
     *
     * @param raster one raster (the same as {@code "rasters": [id]})
     */
    public record RunRequest(Long item, String version, String tool, Long raster, List<Long> rasters, Long from,
                             Long to, Long features, RunArguments arguments) {

        /** Every id a positive number: 0, a negative id or a null in a list is the client's mistake, a 422. */
        void checkIds(List<Long> rasters) {
            positive("item", item);
            for (int i = 0; i < rasters.size(); i++) {
                positive("rasters[" + i + "]", rasters.get(i));
            }
            for (var named : new Object[][] {{"from", from}, {"to", to}, {"features", features}}) {
                if (named[1] != null) {
                    positive((String) named[0], (Long) named[1]);
                }
            }
        }

        private static void positive(String field, Long id) {
            if (id == null || id < 1) {
                throw new InvalidRequestException("invalid_id", field + ": expected a positive id, found " + id);
            }
        }
    }

    /** A run with its status, progress, ETA and, once done, its outputs. */
    @GET
    @Path("runs/{id}")
    public Response run(@PathParam("id") String id) {
        return Json.ok(PathIds.id(id).flatMap(i -> runs.run(i, caller())).orElseThrow(() -> new RunNotFoundException(id)));
    }

    /** Stops a queued or running run; 200 with the run (CANCELLED, or still RUNNING with cancelRequested). */
    @POST
    @Path("runs/{id}/cancel")
    public Response cancel(@PathParam("id") String id, @Context SecurityContext security) {
        long runId = PathIds.id(id).orElseThrow(() -> new RunNotFoundException(id));
        return Json.ok(cancellation.cancel(runId, ApiAuthFilter.user(security)));
    }

    /** Queues a new run like a failed or cancelled one; 202 with the new run (its retryOf names the old). */
    @POST
    @Path("runs/{id}/retry")
    public Response retry(@PathParam("id") String id, @Context SecurityContext security, @Context UriInfo uri)
            throws PreflightFailedException, IOException {
        long runId = PathIds.id(id).orElseThrow(() -> new RunNotFoundException(id));
        RunDetails run = runs.retry(runId, ApiAuthFilter.user(security));
        queue.enqueue(run.id());
        return accepted(run, uri);
    }

    /** The first output of a finished run (the classified raster of a one-raster run). */
    @GET
    @Path("runs/{id}/result")
    public Response result(@PathParam("id") String id) throws IOException {
        return output(id, "0");
    }

    /** One output of a finished run, hashed again before it is sent. */
    @GET
    @Path("runs/{id}/outputs/{position}")
    public Response output(@PathParam("id") String id, @PathParam("position") String position) throws IOException {
        RunDetails run = PathIds.id(id).flatMap(i -> runs.run(i, caller())).orElseThrow(() -> new RunNotFoundException(id));
        if (run.outputs().isEmpty()) {
            throw new InvalidRequestException("no_result", "run " + id + " is " + run.status() + " and has no result");
        }
        RunDetails.Output output = PathIds.position(position).filter(p -> p < run.outputs().size())
                .map(p -> run.outputs().get(p.intValue()))
                .orElseThrow(() -> new RunNotFoundException(id + "/outputs/" + position));
        ContentHash hash = new ContentHash(output.sha256());
        blobs.verify(hash);
        StreamingOutput body = out -> Files.copy(blobs.path(hash), out);
        return Response.ok(body, output.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + output.fileName() + "\"")
                .header("Content-Length", output.size())
                .build();
    }

    private static Response accepted(RunDetails run, UriInfo uri) {
        return Json.status(202, run)
                .location(uri.getBaseUriBuilder().path("runs").path(Long.toString(run.id())).build())
                .build();
    }


    private Caller caller() {
        return ApiAuthFilter.caller(security);
    }
}
