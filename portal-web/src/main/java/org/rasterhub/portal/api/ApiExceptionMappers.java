package org.rasterhub.portal.api;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;
import org.rasterhub.core.catalog.VersionNotFoundException;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.core.ingest.RejectionReason;
import org.rasterhub.core.storage.CorruptBlobException;
import org.rasterhub.portal.run.NotARasterException;
import org.rasterhub.portal.run.FeatureLayerNotFoundException;
import org.rasterhub.portal.run.NotAFeatureLayerException;
import org.rasterhub.portal.run.PreflightFailedException;
import org.rasterhub.portal.run.RunStateException;
import org.rasterhub.portal.run.ServerFileException;
import org.rasterhub.portal.run.UploadTooLargeException;
import org.rasterhub.portal.run.RasterNotFoundException;
import org.rasterhub.portal.run.RunNotFoundException;
import org.rasterhub.portal.catalog.InvalidItemEditException;
import org.rasterhub.portal.catalog.search.InvalidSearchException;
import org.rasterhub.portal.characteristics.ImageRefusedException;
import org.rasterhub.portal.layer.LayerNotFoundException;
import org.rasterhub.portal.layer.WrongLayerTypeException;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.AccountRejectedException;
import org.rasterhub.portal.security.GroupNotFoundException;
import org.rasterhub.portal.security.NotSignedInException;

/**
 * The one table from failure to HTTP status: rejected input 422 (413 when too large), not allowed
 * 403, missing 404, a stored package that fails its hash check 409, anything unexpected 500 with a
 * log reference and no stack trace.
 */
public final class ApiExceptionMappers {
    private static final System.Logger LOG = System.getLogger(ApiExceptionMappers.class.getName());

    private ApiExceptionMappers() {
    }

    /** Whether the failure is the client closing the connection: an EOF or reset while reading its body. */
    static boolean isClientAbort(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (t instanceof java.io.EOFException || t.getClass().getSimpleName().contains("ClientAbort")
                    || t instanceof java.io.IOException && (message.contains("connection reset")
                    || message.contains("broken pipe") || message.contains("early eof")
                    || message.contains("connection is closed")
                    || message.contains("unexpected end of"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether reading the client's body timed out: an IOException caused by a TimeoutException. */
    static boolean isBodyTimeout(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.io.IOException && t.getCause() instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    static Response json(ApiError error) {
        return Json.status(error.status(), error).build();
    }

    @Provider
    public static class Rejected implements ExceptionMapper<PackageRejectedException> {
        @Override
        public Response toResponse(PackageRejectedException e) {
            int status = e.reason() == RejectionReason.TOO_LARGE || e.reason() == RejectionReason.TOO_MANY_ENTRIES
                    ? 413 : 422;
            var problems = e.problems().stream()
                    .map(p -> new ApiError.Problem(p.file(), p.jsonPath(), p.line(), p.column(), p.message()))
                    .toList();
            return json(new ApiError(status, e.reason().code(),
                    e.reason().description() + "; nothing was stored", problems));
        }
    }

    @Provider
    public static class ItemMissing implements ExceptionMapper<ItemNotFoundException> {
        @Override
        public Response toResponse(ItemNotFoundException e) {
            return json(ApiError.of(404, "not_found", e.getMessage()));
        }
    }

    @Provider
    public static class CoreItemMissing implements ExceptionMapper<org.rasterhub.core.catalog.ItemNotFoundException> {
        @Override
        public Response toResponse(org.rasterhub.core.catalog.ItemNotFoundException e) {
            return json(ApiError.of(404, "not_found", e.getMessage()));
        }
    }

    @Provider
    public static class VersionMissing implements ExceptionMapper<VersionNotFoundException> {
        @Override
        public Response toResponse(VersionNotFoundException e) {
            return json(ApiError.of(404, "version_not_found", e.getMessage()));
        }
    }

    @Provider
    public static class Denied implements ExceptionMapper<AccessDeniedException> {
        @Override
        public Response toResponse(AccessDeniedException e) {
            return json(ApiError.of(403, "forbidden", e.getMessage()));
        }
    }

    @Provider
    public static class NotSignedIn implements ExceptionMapper<NotSignedInException> {
        @Override
        public Response toResponse(NotSignedInException e) {
            return Response.fromResponse(json(ApiError.of(401, "unauthorized", e.getMessage())))
                    .header("WWW-Authenticate", "Basic realm=\"RasterHub\", charset=\"UTF-8\"").build();
        }
    }

    @Provider
    public static class AccountRejected implements ExceptionMapper<AccountRejectedException> {
        @Override
        public Response toResponse(AccountRejectedException e) {
            return json(new ApiError(422, "invalid_" + e.field(), e.getMessage(),
                    List.of(new ApiError.Problem(null, "$." + e.field(), null, null, e.getMessage()))));
        }
    }

    @Provider
    public static class ItemEditRefused implements ExceptionMapper<InvalidItemEditException> {
        @Override
        public Response toResponse(InvalidItemEditException e) {
            return json(new ApiError(422, "invalid_" + e.field(), e.getMessage(),
                    List.of(new ApiError.Problem(null, "$." + e.field(), null, null, e.getMessage()))));
        }
    }

    @Provider
    public static class SearchRefused implements ExceptionMapper<InvalidSearchException> {
        @Override
        public Response toResponse(InvalidSearchException e) {
            return json(new ApiError(422, "invalid_parameter", e.getMessage(),
                    List.of(new ApiError.Problem(null, e.parameter(), null, null, e.getMessage()))));
        }
    }

    @Provider
    public static class LayerMissing implements ExceptionMapper<LayerNotFoundException> {
        @Override
        public Response toResponse(LayerNotFoundException e) {
            return json(ApiError.of(404, "not_found", e.getMessage()));
        }
    }

    @Provider
    public static class WrongLayerType implements ExceptionMapper<WrongLayerTypeException> {
        @Override
        public Response toResponse(WrongLayerTypeException e) {
            return json(ApiError.of(422, e.code(), e.getMessage()));
        }
    }

    @Provider
    public static class GroupMissing implements ExceptionMapper<GroupNotFoundException> {
        @Override
        public Response toResponse(GroupNotFoundException e) {
            return json(ApiError.of(404, "not_found", e.getMessage()));
        }
    }

    @Provider
    public static class Invalid implements ExceptionMapper<InvalidRequestException> {
        @Override
        public Response toResponse(InvalidRequestException e) {
            return json(ApiError.of(e.status(), e.code(), e.getMessage()));
        }
    }

    @Provider
    public static class ImageRefused implements ExceptionMapper<ImageRefusedException> {
        @Override
        public Response toResponse(ImageRefusedException e) {
            return json(new ApiError(422, e.code(), e.getMessage(),
                    List.of(new ApiError.Problem(e.path(), "", null, null, e.getMessage()))));
        }
    }

    @Provider
    public static class Corrupt implements ExceptionMapper<CorruptBlobException> {
        @Override
        public Response toResponse(CorruptBlobException e) {
            LOG.log(Level.ERROR, "corrupt blob refused: {0}", e.getMessage());
            return json(ApiError.of(409, "corrupt_package", e.getMessage()));
        }
    }

    @Provider
    public static class RunMissing implements ExceptionMapper<RunNotFoundException> {
        @Override
        public Response toResponse(RunNotFoundException e) {
            return json(ApiError.of(404, "not_found", e.getMessage()));
        }
    }

    @Provider
    public static class RasterMissing implements ExceptionMapper<RasterNotFoundException> {
        @Override
        public Response toResponse(RasterNotFoundException e) {
            return json(ApiError.of(404, "not_found", e.getMessage()));
        }
    }

    @Provider
    public static class NotRaster implements ExceptionMapper<NotARasterException> {
        @Override
        public Response toResponse(NotARasterException e) {
            return json(new ApiError(422, "not_a_raster", e.getMessage(),
                    List.of(new ApiError.Problem(e.fileName(), "", null, null, e.getMessage()))));
        }
    }

    /**
     * A stored raster that GDAL may no longer read (stored before the driver allow-list, or a server
     * file replaced by another format): refused like an upload, without the server's path.
     */
    @Provider
    public static class UnreadableRaster implements ExceptionMapper<org.rasterhub.runner.raster.RasterIoException> {
        @Override
        public Response toResponse(org.rasterhub.runner.raster.RasterIoException e) {
            return json(ApiError.of(422, "not_a_raster", "the raster cannot be read: " + e.reason()
                    .replace(e.file().toAbsolutePath().normalize().toString(), "(stored file)")
                    .replace(e.file().toString(), "(stored file)")));
        }
    }

    @Provider
    public static class FeaturesMissing implements ExceptionMapper<FeatureLayerNotFoundException> {
        @Override
        public Response toResponse(FeatureLayerNotFoundException e) {
            return json(ApiError.of(404, "not_found", e.getMessage()));
        }
    }

    @Provider
    public static class NotFeatures implements ExceptionMapper<NotAFeatureLayerException> {
        @Override
        public Response toResponse(NotAFeatureLayerException e) {
            return json(new ApiError(422, "not_a_feature_layer", e.getMessage(),
                    List.of(new ApiError.Problem(e.fileName(), "", null, null, e.getMessage()))));
        }
    }

    @Provider
    public static class TooLarge implements ExceptionMapper<UploadTooLargeException> {
        @Override
        public Response toResponse(UploadTooLargeException e) {
            return json(ApiError.of(413, "too_large", e.getMessage()));
        }
    }

    @Provider
    public static class ServerFile implements ExceptionMapper<ServerFileException> {
        @Override
        public Response toResponse(ServerFileException e) {
            return json(ApiError.of(422, "server_file", e.getMessage()));
        }
    }

    @Provider
    public static class RunState implements ExceptionMapper<RunStateException> {
        @Override
        public Response toResponse(RunStateException e) {
            return json(ApiError.of(409, "run_state", e.getMessage()));
        }
    }

    /** A run that cannot run here: every pre-flight finding, errors first. */
    @Provider
    public static class Preflight implements ExceptionMapper<PreflightFailedException> {
        @Override
        public Response toResponse(PreflightFailedException e) {
            var problems = e.findings().stream()
                    .map(f -> new ApiError.Problem(f.subject(), "", null, null,
                            f.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + f.message()))
                    .toList();
            return json(new ApiError(422, "cannot_run_here", "the run cannot run here; nothing was queued", problems));
        }
    }

    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (e instanceof NotFoundException) {
                return json(ApiError.of(404, "not_found", "no such resource"));
            }
            return json(ApiError.of(status, "http_" + status, e.getMessage()));
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<Exception> {
        @Override
        public Response toResponse(Exception e) {
            if (e instanceof WebApplicationException web) {
                return new Web().toResponse(web);
            }
            if (isClientAbort(e)) {
                // The client went away mid-request (a cancelled upload): its problem, not the server's.
                LOG.log(Level.DEBUG, "client closed the connection mid-request: {0}", e.toString());
                return json(ApiError.of(400, "request_interrupted", "the request body ended before it was complete"));
            }
            if (isBodyTimeout(e)) {
                // The client stopped sending its body (stalled, or waiting on a protocol upgrade it asked for).
                LOG.log(Level.DEBUG, "request body timed out: {0}", e.toString());
                return json(ApiError.of(408, "request_timeout", "the request body stopped arriving before it was"
                        + " complete; send it again"));
            }
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.ERROR, "REST request failed reference=" + reference, e);
            return json(ApiError.of(500, "internal_error",
                    "the server failed; quote reference " + reference + " to the administrator"));
        }
    }
}
