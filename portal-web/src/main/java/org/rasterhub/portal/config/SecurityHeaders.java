package org.rasterhub.portal.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers on every answer, pages and API alike, set before anything is written so error
 * pages carry them too; and the session cookie marked {@code HttpOnly} (and {@code SameSite=Lax},
 * which Payara sets on its HTTP listener: {@code scripts/payara-preboot.asadmin}).
 *
 * <p>The Content-Security-Policy allows only this origin. Vaadin's bootstrap and its web components
 * need inline scripts, {@code eval} and inline styles; the map draws tiles from blob and data URLs.
 * Nothing is framed, no plugin runs, and forms post only here.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
@WebListener
public class SecurityHeaders extends HttpFilter implements ServletContextListener {
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");
        chain.doFilter(request, response);
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        var cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setHttpOnly(true);
    }
}
