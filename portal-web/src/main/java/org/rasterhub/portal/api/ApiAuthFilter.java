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
import org.rasterhub.portal.security.ApiTokenService;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.DatabaseIdentityStore;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.security.SignInThrottle;
import org.rasterhub.portal.security.SignedInUser;
import org.rasterhub.portal.security.TooManySignInsException;

/**
 * Who is calling the API. {@code Authorization: Bearer <token>} names a personal API token;
 * {@code Authorization: Basic} a username and password (checked by the {@link DatabaseIdentityStore},
 * deliberately slow: scripts should use tokens). Credentials that are sent and wrong always get 401.
 *
 * <p>A GET or HEAD without an Authorization header is made by the user signed in to the portal in
 * this HTTP session, if any (the browser's map requests tiles by plain URLs and cannot add a header),
 * and otherwise by an anonymous visitor, who sees only public items: resources ask for an account
 * where they need one ({@link #user}). Writes always need credentials in the header, so a cross-site
 * form cannot act with a portal user's cookie.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthFilter implements ContainerRequestFilter {
    private final DatabaseIdentityStore identityStore;
    private final ApiTokenService tokens;
    private final AccountService accounts;
    private final SignInThrottle throttle;
    @Context
    private HttpServletRequest servletRequest;

    @Inject
    public ApiAuthFilter(DatabaseIdentityStore identityStore, ApiTokenService tokens, AccountService accounts,
                         SignInThrottle throttle) {
        this.throttle = throttle;
        this.identityStore = identityStore;
        this.tokens = tokens;
        this.accounts = accounts;
    }

    public ApiAuthFilter() {
        this(null, null, null, null);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("health") || path.equals("/health")) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean secure = request.getSecurityContext().isSecure();
        if (authorization == null) {
            if (!isRead(request.getMethod())) {
                request.abortWith(unauthorized(request, "sign in: send an API token (Authorization: Bearer …) or "
                        + "HTTP Basic credentials with every request that changes something"));
                return;
            }
            request.setSecurityContext(new CallerSecurityContext(sessionCaller(), secure));
            return;
        }
        Optional<SignedInUser> user;
        String address = servletRequest == null ? null : servletRequest.getRemoteAddr();
        try {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throttle.check(null, address);
                user = tokens.authenticate(authorization.substring(7).trim());
                if (user.isEmpty()) {
                    throttle.failed(null, address);
                }
            } else {
                user = credentials(authorization).flatMap(c -> identityStore.signIn(c[0], c[1].toCharArray(), address));
            }
        } catch (TooManySignInsException e) {
            request.abortWith(Response.fromResponse(ApiExceptionMappers.json(
                            ApiError.of(429, "too_many_sign_ins", e.getMessage())))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build());
            return;
        }
        if (user.isEmpty()) {
            request.abortWith(unauthorized(request, authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? "this API token is unknown, revoked or expired"
                    : "wrong username or password, or not HTTP Basic"));
            return;
        }
        request.setSecurityContext(new CallerSecurityContext(Caller.of(user.get()), secure));
    }

    private static Response unauthorized(ContainerRequestContext request, String message) {
        // No challenge for a map's image requests: after a session expired, Chromium would
        // otherwise open a password dialog for every tile.
        boolean image = "image".equals(request.getHeaderString("Sec-Fetch-Dest"));
        return Response.fromResponse(ApiExceptionMappers.json(ApiError.of(401, "unauthorized", message)))
                .header(HttpHeaders.WWW_AUTHENTICATE, image ? null : "Basic realm=\"RasterHub\", charset=\"UTF-8\"")
                .build();
    }

    private static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /**
     * The portal user signed in to this request's HTTP session, re-read from the database so a changed
     * role or a deleted account counts at once; anonymous without one. Never creates a session.
     */
    private Caller sessionCaller() {
        HttpSession session = servletRequest == null ? null : servletRequest.getSession(false);
        if (session != null && session.getAttribute(SignedInUser.HTTP_SESSION_ATTRIBUTE) instanceof SignedInUser user) {
            return Caller.of(accounts.user(user.username()).orElse(null));
        }
        return Caller.ANONYMOUS;
    }

    /** Whoever makes the request, perhaps an anonymous visitor. */
    static Caller caller(SecurityContext context) {
        // JAX-RS injects a proxy of the SecurityContext, but hands out our Principal as it is.
        if (context.getUserPrincipal() instanceof UserPrincipal principal) {
            return Caller.of(principal.user());
        }
        return Caller.ANONYMOUS;
    }

    /**
     * The signed-in account making the request.
     *
     * @throws NotSignedInException for an anonymous request (answered 401)
     */
    static SignedInUser user(SecurityContext context) {
        return caller(context).account().orElseThrow(() -> new NotSignedInException(
                "sign in: this needs an account (HTTP Basic or Authorization: Bearer <API token>)"));
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

    /** Exposes the caller to resources through {@link SecurityContext}; no principal when anonymous. */
    record CallerSecurityContext(Caller caller, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return caller.account().map(UserPrincipal::new).orElse(null);
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.account().map(u -> u.role().name().equalsIgnoreCase(role)).orElse(false);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return caller.signedIn() ? BASIC_AUTH : null;
        }
    }
}
