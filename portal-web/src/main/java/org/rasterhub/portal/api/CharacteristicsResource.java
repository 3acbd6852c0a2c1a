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
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.portal.characteristics.CheckedImages;
import org.rasterhub.portal.characteristics.ModelCharacteristicsService;

/**
 * {@code /api/items/{id}/versions/{version}/characteristics}: the images and metrics a package
 * carries about its model's quality. Reads only; anonymous callers see those of public items.
 */
@Path("items/{id}/versions/{version}/characteristics")
@Produces(MediaType.APPLICATION_JSON)
public class CharacteristicsResource {
    private final ModelCharacteristicsService characteristics;

    @Inject
    public CharacteristicsResource(ModelCharacteristicsService characteristics) {
        this.characteristics = characteristics;
    }

    public CharacteristicsResource() {
        this(null);
    }

    /** Images (path, media type, size, href), metrics (name → value) and per-class tables of a version. */
    @GET
    public Response list(@PathParam("id") String id, @PathParam("version") String version,
                         @Context SecurityContext security) {
        return Json.ok(characteristics.of(itemId(id), version, ApiAuthFilter.caller(security)));
    }

    /**
     * One image, served only after it decoded as a PNG or JPEG; 422 otherwise. A version's images
     * never change, so browsers may keep them; the headers keep a browser from reading them as
     * anything but an image.
     */
    @GET
    @Path("images/{n}")
    @Produces({"image/png", "image/jpeg", MediaType.APPLICATION_JSON})
    public Response image(@PathParam("id") String id, @PathParam("version") String version,
                          @PathParam("n") String n, @Context SecurityContext security) throws IOException {
        int index = n.matches("[0-9]{1,4}") ? Integer.parseInt(n) : -1;
        CheckedImages.Image image = index < 0 ? null
                : characteristics.image(itemId(id), version, index, ApiAuthFilter.caller(security)).orElse(null);
        if (image == null) {
            return ApiExceptionMappers.json(ApiError.of(404, "not_found", "version " + cut(version) + " of item "
                    + cut(id) + " has no characteristics image " + cut(n)));
        }
        return Response.ok(image.bytes(), image.mediaType())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'")
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .header("Cache-Control", "private, max-age=3600")
                .build();
    }

    private static ItemId itemId(String id) {
        return ItemId.parse(id).orElseThrow(() -> new ItemNotFoundException(id));
    }

    private static String cut(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
