package org.rasterhub.portal.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.util.Optional;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.layer.BytesCache;
import org.rasterhub.portal.layer.FeatureTiles;
import org.rasterhub.portal.run.RasterNotFoundException;
import org.rasterhub.portal.run.RunDetails;
import org.rasterhub.portal.run.RunNotFoundException;
import org.rasterhub.portal.run.RunService;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.runner.render.Extent;
import org.rasterhub.runner.render.TileRenderer;
import org.rasterhub.runner.render.TileAddress;
import org.rasterhub.runner.render.TileStyle;
import org.rasterhub.runner.render.VectorTiles;

/**
 * Map tiles and extents of run outputs and imagery: 256 x 256 PNG tiles in Web Mercator (XYZ, z/x/y
 * as OSM numbers them) rendered on the server, see {@code docs/maps.md}.
 */
@Path("")
public class TilesResource {
    /** A proxy per request: JAX-RS hands it to singletons too. */
    @Context
    private SecurityContext security;

    /** Tiles of a stored file never change: outputs and uploads are addressed by their hash. */
    static final String CACHE_CONTROL = "private, max-age=3600";
    private static final String PNG = "image/png";
    /** The media type of Mapbox Vector Tiles (as registered with IANA). */
    static final String MVT = "application/vnd.mapbox-vector-tile";

    private final RunService runs;
    private final BlobStore blobs;

    @Inject
    public TilesResource(RunService runs, BlobStore blobs) {
        this.runs = runs;
        this.blobs = blobs;
    }

    public TilesResource() {
        this(null, null);
    }

    /** A tile of a run's classified raster (COG) output in its class colours. */
    @GET
    @Path("runs/{id}/outputs/{n}/tiles/{z}/{x}/{y}.png")
    @Produces(PNG)
    public Response outputTile(@PathParam("id") String id, @PathParam("n") String n, @PathParam("z") String z,
                               @PathParam("x") String x, @PathParam("y") String y) throws IOException {
        java.nio.file.Path file = rasterOutput(id, n);
        return tile(file, TileStyle.RESULT, z, x, y);
    }

    /**
     * A preview of a run's raster output in its class colours, at most {@code size} pixels (default
     * 200) on its longer side: what the run page shows before anyone opens the map.
     */
    @GET
    @Path("runs/{id}/outputs/{n}/thumbnail.png")
    @Produces(PNG)
    public Response outputThumbnail(@PathParam("id") String id, @PathParam("n") String n,
                                    @jakarta.ws.rs.QueryParam("size") @jakarta.ws.rs.DefaultValue("200") String size)
            throws IOException {
        java.nio.file.Path file = rasterOutput(id, n);
        try {
            return Response.ok(TileRenderer.thumbnailPng(file, TileStyle.RESULT, number(size, "size")), PNG)
                    .header("Cache-Control", CACHE_CONTROL).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid_size", e.getMessage());
        }
    }

    /** A tile of an imagery item, stretched from its 2-98 % values. */
    @GET
    @Path("rasters/{id}/tiles/{z}/{x}/{y}.png")
    @Produces(PNG)
    public Response rasterTile(@PathParam("id") String id, @PathParam("z") String z, @PathParam("x") String x,
                               @PathParam("y") String y) throws IOException {
        return tile(rasterFile(id), TileStyle.IMAGERY, z, x, y);
    }

    /**
     * A Mapbox Vector Tile of a run's feature output (its GeoJSON's position), cut from the GeoPackage
     * written beside it: what a run map draws when the GeoJSON is too large to load whole.
     */
    @GET
    @Path("runs/{id}/outputs/{n}/features/{z}/{x}/{y}.mvt")
    @Produces(MVT)
    public Response outputFeatureTile(@PathParam("id") String id, @PathParam("n") String n, @PathParam("z") String z,
                                      @PathParam("x") String x, @PathParam("y") String y) throws IOException {
        TileAddress tile = address(z, x, y);
        return featureTile(featureOutput(id, n), tile);
    }

    /** Bounds of a run's raster or feature output in lon/lat and EPSG:3857, for "zoom to layer". */
    @GET
    @Path("runs/{id}/outputs/{n}/extent")
    @Produces(MediaType.APPLICATION_JSON)
    public Response outputExtent(@PathParam("id") String id, @PathParam("n") String n) throws IOException {
        RunDetails.Output output = output(id, n);
        if ("cog".equals(output.format())) {
            return extent(blobs.path(new ContentHash(output.sha256())));
        }
        Extent extent = VectorTiles.extent(featureOutput(id, n)).orElseThrow(() -> new InvalidRequestException(
                "no_extent", "output " + n + " of run " + id + " has no features with a CRS to place on a map"));
        return Json.status(200, extent).header("Cache-Control", CACHE_CONTROL).build();
    }

    /** Bounds of an imagery item in lon/lat and EPSG:3857. */
    @GET
    @Path("rasters/{id}/extent")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rasterExtent(@PathParam("id") String id) throws IOException {
        return extent(rasterFile(id));
    }

    static Response tile(java.nio.file.Path file, TileStyle style, String z, String x, String y)
            throws IOException {
        TileAddress tile = address(z, x, y);
        BytesCache.Drawing drawing = () -> TileRenderer.renderPng(file, style, tile.z(), tile.x(), tile.y());
        java.nio.file.attribute.BasicFileAttributes attributes;
        try {
            attributes = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (IOException unreadable) {
            attributes = null;          // the renderer says what is wrong with the file
        }
        // Kept by the file's size and time as well: registered server-folder imagery may be rewritten in place.
        byte[] png = attributes == null ? drawing.draw() : RENDERED.get(new RenderedTile(file.toAbsolutePath(),
                attributes.size(), attributes.lastModifiedTime().toMillis(), style, tile), drawing);
        return Response.ok(png, PNG).header("Cache-Control", CACHE_CONTROL).build();
    }

    private record RenderedTile(java.nio.file.Path file, long size, long modified, TileStyle style, TileAddress tile) {
    }

    /** Raster tiles already drawn: most are a few kB, so this holds thousands. */
    private static final BytesCache<RenderedTile> RENDERED = new BytesCache<>(64L << 20);

    static Response extent(java.nio.file.Path file) throws IOException {
        Extent extent = TileRenderer.extentWebMercator(file).orElseThrow(() -> new InvalidRequestException(
                "not_georeferenced", "the raster has no CRS or georeferencing; it cannot be placed on a map"));
        return Json.status(200, extent).header("Cache-Control", CACHE_CONTROL).build();
    }

    static TileAddress address(String z, String x, String y) {
        try {
            return new TileAddress(number(z, "z"), number(x, "x"), number(y, "y"));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid_tile", e.getMessage());
        }
    }

    static Response featureTile(java.nio.file.Path geoPackage, TileAddress tile) throws IOException {
        return Response.ok(FeatureTiles.mvt(geoPackage, tile), MVT).header("Cache-Control", CACHE_CONTROL).build();
    }

    private RunDetails run(String id) {
        return PathIds.id(id).flatMap(i -> runs.run(i, caller())).orElseThrow(() -> new RunNotFoundException(id));
    }

    private RunDetails.Output output(String id, String n) {
        return output(run(id), id, n);
    }

    private static RunDetails.Output output(RunDetails run, String id, String n) {
        Optional<Long> position = PathIds.position(n);
        if (position.isEmpty() || position.get() >= run.outputs().size()) {
            throw new RunNotFoundException(id + "/outputs/" + n);
        }
        return run.outputs().get(position.get().intValue());
    }

    /** The GeoPackage written beside a run's feature output (the GeoJSON or the GeoPackage itself). */
    private java.nio.file.Path featureOutput(String id, String n) {
        RunDetails run = run(id);
        RunDetails.Output output = output(run, id, n);
        return run.outputs().stream()
                .filter(o -> !"cog".equals(output.format()) && o.input() == output.input()
                        && o.kind().equals(output.kind()) && o.format().equals("geopackage"))
                .findFirst().map(o -> blobs.path(new ContentHash(o.sha256())))
                .orElseThrow(() -> new InvalidRequestException("not_a_feature_output", "output " + n + " of run " + id
                        + " is " + output.format() + " (" + output.fileName() + "); only feature outputs have"
                        + " vector tiles"));
    }

    private java.nio.file.Path rasterOutput(String id, String n) {
        RunDetails.Output output = output(id, n);
        if (!"cog".equals(output.format())) {
            throw new InvalidRequestException("not_a_raster_output", "output " + n + " of run " + id + " is "
                    + output.format() + " (" + output.fileName() + "); only raster (cog) outputs have map tiles;"
                    + " fetch vector outputs as GeoJSON from " + output.href());
        }
        return blobs.path(new ContentHash(output.sha256()));
    }

    private java.nio.file.Path rasterFile(String id) {
        return PathIds.id(id).flatMap(i -> runs.rasterFile(i, caller()))
                .orElseThrow(() -> new RasterNotFoundException(PathIds.id(id).orElse(-1L)));
    }

    static int number(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("invalid_tile", "tile " + name + " must be an integer, was \""
                    + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "\"");
        }
    }


    private Caller caller() {
        return ApiAuthFilter.caller(security);
    }
}
