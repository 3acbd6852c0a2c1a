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
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.run.JobQueue;
import org.rasterhub.portal.run.NotARasterException;
import org.rasterhub.portal.run.PreflightFailedException;
import org.rasterhub.portal.run.RasterDetails;
import org.rasterhub.portal.run.RasterNotFoundException;
import org.rasterhub.portal.run.RunArguments;
import org.rasterhub.portal.run.RunDetails;
import org.rasterhub.portal.run.RunNotFoundException;
import org.rasterhub.portal.run.RunService;

/** Imagery ({@code /api/rasters}) and runs ({@code /api/runs}). */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
    private final RunService runs;
    private final JobQueue queue;
    private final BlobStore blobs;

    @Inject
    public RunsResource(RunService runs, JobQueue queue, BlobStore blobs) {
        this.runs = runs;
        this.queue = queue;
        this.blobs = blobs;
    }

    public RunsResource() {
        this(null, null, null);
    }

    /** Uploads a raster GDAL can read (multipart field {@code file}); 201 with the imagery item. */
    @POST
    @Path("rasters")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadRaster(@FormParam("file") EntityPart file, @Context SecurityContext security,
                                 @Context UriInfo uri) throws IOException, NotARasterException {
        if (file == null) {
            return ApiExceptionMappers.json(ApiError.of(400, "missing_file",
                    "send the raster as the multipart form field \"file\""));
        }
        try (InputStream content = file.getContent()) {
            RasterDetails raster = runs.uploadRaster(content, file.getFileName().orElse("raster.tif"),
                    BasicAuthFilter.user(security));
            return Json.status(201, raster)
                    .location(uri.getBaseUriBuilder().path("rasters").path(Long.toString(raster.id())).build())
                    .build();
        }
    }

    @GET
    @Path("rasters/{id}")
    public Response raster(@PathParam("id") String id) {
        return Json.ok(parse(id).flatMap(runs::raster).orElseThrow(() -> new RasterNotFoundException(-1)));
    }

    /**
     * Submits a run: body {@code {"item": 1, "version": "production", "raster": 2, "tool":
     * "classify_pixels", "arguments": {"tileSize": 256, "padding": 64, "batchSize": 4,
     * "processorType": "CPU"}}}. 202 with the queued run, or 422 with every pre-flight error.
     */
    @POST
    @Path("runs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(String body, @Context SecurityContext security, @Context UriInfo uri)
            throws PreflightFailedException, IOException {
        RunRequest request = Json.read(body, RunRequest.class);
        if (request == null || request.item() == null || request.raster() == null) {
            throw new InvalidRequestException("missing_fields", "send {\"item\": <id>, \"raster\": <id>} at least");
        }
        if (request.tool() != null && !request.tool().equals(RunService.CLASSIFY_PIXELS)) {
            throw new InvalidRequestException("unknown_tool", "tool \"" + request.tool()
                    + "\" cannot run yet; expected \"" + RunService.CLASSIFY_PIXELS + "\"");
        }
        RunDetails run = runs.submitClassifyPixels(new ItemId(request.item()), request.version(), request.raster(),
                request.arguments() == null ? RunArguments.defaults() : request.arguments(),
                BasicAuthFilter.user(security));
        queue.enqueue(run.id());
        return Json.status(202, run)
                .location(uri.getBaseUriBuilder().path("runs").path(Long.toString(run.id())).build())
                .build();
    }

    /** Body of {@code POST /api/runs}. */
    public record RunRequest(Long item, String version, Long raster, String tool, RunArguments arguments) {
    }

    /** A run with its status, progress and, once done, its result link. */
    @GET
    @Path("runs/{id}")
    public Response run(@PathParam("id") String id) {
        return Json.ok(parse(id).flatMap(runs::run).orElseThrow(() -> new RunNotFoundException(id)));
    }

    /** The classified GeoTIFF (COG) of a finished run, hashed again before it is sent. */
    @GET
    @Path("runs/{id}/result")
    @Produces("image/tiff")
    public Response result(@PathParam("id") String id) throws IOException {
        RunDetails run = parse(id).flatMap(runs::run).orElseThrow(() -> new RunNotFoundException(id));
        if (run.resultSha256() == null) {
            throw new InvalidRequestException("no_result", "run " + id + " is " + run.status() + " and has no result");
        }
        ContentHash hash = new ContentHash(run.resultSha256());
        blobs.verify(hash);
        StreamingOutput body = out -> Files.copy(blobs.path(hash), out);
        return Response.ok(body, "image/tiff")
                .header("Content-Disposition", "attachment; filename=\"run-" + run.id() + "-classified.tif\"")
                .header("Content-Length", run.resultSize())
                .build();
    }

    private static java.util.Optional<Long> parse(String id) {
        try {
            long value = Long.parseLong(id);
            return value > 0 ? java.util.Optional.of(value) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
