package org.rasterhub.portal.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import org.rasterhub.runner.render.FeatureThumbnail;
import org.rasterhub.portal.layer.ThumbnailCache;
import org.rasterhub.portal.layer.LayerDetails;
import org.rasterhub.portal.layer.LayerNotFoundException;
import org.rasterhub.portal.layer.LayerService;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.runner.render.Extent;
import org.rasterhub.runner.render.TileAddress;
import org.rasterhub.runner.render.TileRenderer;
import org.rasterhub.runner.render.TileStyle;
import org.rasterhub.runner.render.VectorTiles;

/**
 * {@code /api/layers}: the results of runs as layer items, shared like model items. Anyone who may
 * see a layer may read its details, download it in each format, and draw it (tiles for imagery,
 * GeoJSON for features), without seeing the run, the imagery or the model behind it.
 */
@Path("layers")
@Produces(MediaType.APPLICATION_JSON)
public class LayersResource {
    private final LayerService layers;
    @Context
    private SecurityContext security;

    @Inject
    public LayersResource(LayerService layers) {
        this.layers = layers;
    }

    public LayersResource() {
        this(null);
    }

    /** The layers the caller may see, newest first; {@code ?run=} narrows them to one run's. */
    @GET
    public Response list(@QueryParam("run") String run) {
        Long runId = run == null ? null : PathIds.id(run).orElseThrow(() -> new InvalidRequestException(
                "invalid_run", "run must be a run id, was \"" + run + "\""));
        return Json.ok(layers.list(caller(), runId));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return Json.ok(layer(id));
    }

    /** Renames a layer: {@code {"title": "…"}} (owner or administrator). */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rename(@PathParam("id") String id, String body) {
        ApiAuthFilter.user(security);
        RenameRequest request = Json.read(body, RenameRequest.class);
        if (request == null || request.title() == null) {
            throw new InvalidRequestException("missing_title", "send {\"title\": \"…\"}");
        }
        return Json.ok(layers.rename(layerId(id), caller(), request.title()));
    }

    /** Body of {@code PATCH /api/layers/{id}}. */
    public record RenameRequest(String title) {
    }

    /**
     * Shares a layer like an item: {@code {"sharing": "private|groups|organization|public", "groups": [..]}}.
     * Beyond private this publishes it, which needs the Publisher role.
     */
    @PUT
    @Path("{id}/sharing")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response share(@PathParam("id") String id, String body) {
        ApiAuthFilter.user(security);
        ItemsResource.SharingRequest request = ItemsResource.SharingRequest.read(body);
        return Json.ok(layers.share(layerId(id), caller(), request.level(), request.groupIds()));
    }

    /** The layer in one format (cog, geopackage, geojson), hashed again before it is sent. */
    @GET
    @Path("{id}/data/{format}")
    @Produces(MediaType.WILDCARD)
    public Response data(@PathParam("id") String id, @PathParam("format") String format) throws IOException {
        LayerService.LayerFileOnDisk file = layers.file(layerId(id), caller(), format);
        StreamingOutput body = out -> Files.copy(file.path(), out);
        boolean geoJson = file.file().format().equals("geojson");
        return Response.ok(body, file.file().mediaType())
                // GeoJSON is drawn by the map in place; everything else is a download.
                .header("Content-Disposition", (geoJson ? "inline" : "attachment") + "; filename=\""
                        + file.file().fileName().replace("\"", "") + "\"")
                .header("Content-Length", file.file().size())
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /** A map tile of an imagery layer, in its class colours. */
    @GET
    @Path("{id}/tiles/{z}/{x}/{y}.png")
    @Produces("image/png")
    public Response tile(@PathParam("id") String id, @PathParam("z") String z, @PathParam("x") String x,
                         @PathParam("y") String y) throws IOException {
        return TilesResource.tile(raster(id), TileStyle.RESULT, z, x, y);
    }

    /** Bounds of the layer in lon/lat and EPSG:3857, for "zoom to layer". */
    @GET
    @Path("{id}/extent")
    public Response extent(@PathParam("id") String id) throws IOException {
        LayerDetails layer = layer(id);
        if (layer.type().equals("IMAGERY")) {
            return TilesResource.extent(raster(id));
        }
        Extent extent = VectorTiles.extent(layers.tileSource(layer.id(), caller(), "geopackage"))
                .orElseThrow(() -> new InvalidRequestException("no_extent", "layer " + id
                        + " has no features or no CRS; it cannot be placed on a map"));
        return Json.status(200, extent).header("Cache-Control", TilesResource.CACHE_CONTROL).build();
    }

    /**
     * A preview of the layer, at most {@code size} pixels (default 200) on its longer side: a raster in
     * its class colours, or the features outlined in theirs.
     */
    @GET
    @Path("{id}/thumbnail.png")
    @Produces("image/png")
    public Response thumbnail(@PathParam("id") String id, @QueryParam("size") @DefaultValue("200") String size)
            throws IOException {
        int pixels = TilesResource.number(size, "size");
        if (pixels < 16 || pixels > 1024) {
            throw new InvalidRequestException("invalid_size", "size must be 16 to 1024 pixels, was " + pixels);
        }
        LayerDetails layer = layer(id);
        byte[] png;
        if (layer.type().equals("IMAGERY")) {
            png = TileRenderer.thumbnailPng(raster(id), TileStyle.RESULT, pixels);
        } else {
            java.util.Optional<java.nio.file.Path> stored = pixels == FeatureThumbnail.DEFAULT_SIZE
                    ? layers.storedThumbnail(layer.id(), caller()) : java.util.Optional.empty();
            if (stored.isPresent()) {
                return Response.ok(Files.readAllBytes(stored.get()), "image/png")
                        .header("Cache-Control", TilesResource.CACHE_CONTROL).build();
            }
            LayerService.LayerFileOnDisk geoJson = layers.locate(layer.id(), caller(), "geojson");
            Map<String, String> colors = FeatureThumbnail.colors(layer.legend());
            png = ThumbnailCache.get(geoJson.path(), pixels, colors,
                    () -> FeatureThumbnail.png(() -> Files.newInputStream(geoJson.path()), colors, pixels));
        }
        return Response.ok(png, "image/png").header("Cache-Control", TilesResource.CACHE_CONTROL).build();
    }

    /**
     * A Mapbox Vector Tile of a feature layer: its features in tile z/x/y, clipped and simplified to the
     * zoom, with features smaller than a pixel drawn as markers. Cut from the layer's GeoPackage
     * through its spatial index.
     */
    @GET
    @Path("{id}/features/{z}/{x}/{y}.mvt")
    @Produces(TilesResource.MVT)
    public Response featureTile(@PathParam("id") String id, @PathParam("z") String z, @PathParam("x") String x,
                                @PathParam("y") String y) throws IOException {
        long layer = layerId(id);
        TileAddress tile = TilesResource.address(z, x, y);
        return TilesResource.featureTile(layers.tileSource(layer, caller(), "geopackage"), tile);
    }

    private java.nio.file.Path raster(String id) {
        return layers.tileSource(layerId(id), caller(), "cog");
    }

    private LayerDetails layer(String id) {
        return layers.find(layerId(id), caller()).orElseThrow(() -> new LayerNotFoundException(id));
    }

    private static long layerId(String id) {
        return PathIds.id(id).orElseThrow(() -> new LayerNotFoundException(id));
    }

    private Caller caller() {
        return ApiAuthFilter.caller(security);
    }
}
