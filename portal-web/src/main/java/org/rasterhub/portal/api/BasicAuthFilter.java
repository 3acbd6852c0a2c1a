package org.rasterhub.portal.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Optional;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.SignedInUser;

/**
 * HTTP Basic authentication for every API path except {@code /health}. A request without valid
 * credentials gets 401 with a JSON body and a {@code WWW-Authenticate} challenge.
 *
 * <p>A GET or HEAD without an Authorization header is also accepted from the HTTP session of a user
 * signed in to the portal: the browser's map requests tiles by plain URLs and cannot add a header.
 * Writes never are, so a cross-site form cannot act with a portal user's cookie.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BasicAuthFilter implements ContainerRequestFilter {
    private final AccountService accounts;
    @Context
    private HttpServletRequest servletRequest;

    @Inject
    public BasicAuthFilter(AccountService accounts) {
        this.accounts = accounts;
    }

    public BasicAuthFilter() {
        this(null);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("health") || path.equals("/health")) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<SignedInUser> user = authorization == null && isRead(request.getMethod())
                ? sessionUser()
                : credentials(authorization).flatMap(c -> accounts.authenticate(c[0], c[1].toCharArray()));
        if (user.isEmpty()) {
            // No challenge for a map's image requests: after a session expired, Chromium would
            // otherwise open a password dialog for every tile.
            boolean image = "image".equals(request.getHeaderString("Sec-Fetch-Dest"));
            request.abortWith(Response.fromResponse(ApiExceptionMappers.json(ApiError.of(401,
                            "unauthorized", "sign in with HTTP Basic: a RasterHub username and password")))
                    .header(HttpHeaders.WWW_AUTHENTICATE, image ? null : "Basic realm=\"RasterHub\", charset=\"UTF-8\"")
                    .build());
            return;
        }
        request.setSecurityContext(new UserSecurityContext(user.get(), request.getSecurityContext().isSecure()));
    }

    private static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /** The portal user signed in to this request's HTTP session, if any; never creates a session. */
    private Optional<SignedInUser> sessionUser() {
        HttpSession session = servletRequest == null ? null : servletRequest.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        return session.getAttribute(SignedInUser.HTTP_SESSION_ATTRIBUTE) instanceof SignedInUser user
                ? Optional.of(user) : Optional.empty();
    }

    /** The user this filter authenticated for the request. */
    static SignedInUser user(SecurityContext context) {
        // JAX-RS injects a proxy of the SecurityContext, but hands out our Principal as it is.
        if (context.getUserPrincipal() instanceof UserPrincipal principal) {
            return principal.user();
        }
        throw new IllegalStateException("request was not authenticated by BasicAuthFilter");
    }

    /** The signed-in user as a {@link Principal}. */
    record UserPrincipal(SignedInUser user) implements Principal {
        @Override
        public String getName() {
            return user.username();
        }
    }

    /** {user, password} from a Basic header, empty when absent or malformed. */
    static Optional<String[]> credentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Exposes the signed-in user to resources through {@link SecurityContext}. */
    record UserSecurityContext(SignedInUser user, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return new UserPrincipal(user);
        }

        @Override
        public boolean isUserInRole(String role) {
            return user.role().name().equalsIgnoreCase(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return BASIC_AUTH;
        }
    }
}
