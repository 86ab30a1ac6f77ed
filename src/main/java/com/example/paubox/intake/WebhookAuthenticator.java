package com.example.paubox.intake;

import com.example.paubox.system.SecretMatcher;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks the shared secret of a webhook request. Paubox cannot sign its requests, so the secret
 * travels in the URL ({@code ?token=}, that exact lower-case name) or as
 * {@code Authorization: Bearer}, and is compared in constant time by {@link SecretMatcher}. No
 * other spelling counts: Camel's headers are case-insensitive and carry the query parameters, so
 * the check is made on the servlet request, by {@link WebhookRequestFilter}, not on Camel headers.
 */
@Component("webhookAuthenticator")
public class WebhookAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(WebhookAuthenticator.class);

    private static final String AUTHORIZATION = "Authorization";

    /** The request attribute with which the filter hands its verdict to the route. */
    static final String AUTHENTICATED = WebhookAuthenticator.class.getName() + ".authenticated";

    private final SecretMatcher tokens;

    public WebhookAuthenticator(WebhookProperties properties) {
        List<String> configured = properties.tokens();
        if (configured.isEmpty() && properties.requireToken()) {
            throw new IllegalStateException("PAUBOX_WEBHOOK_TOKEN is not set: refusing to start, since anyone could post events"
                    + " (paubox.webhook.require-token is on, as in the prod profile)");
        }
        if (configured.isEmpty()) {
            String oneOff = generateToken();
            // Printed once, on purpose: without it a first local run could not be called at all.
            log.warn("PAUBOX_WEBHOOK_TOKEN is not set. Generated a one-off token for this run only: {}"
                    + " (set PAUBOX_WEBHOOK_TOKEN for anything but a local trial)", oneOff);
            configured = List.of(oneOff);
        } else {
            log.info("Webhook authentication: {} token(s) configured", configured.size());
        }
        this.tokens = new SecretMatcher(configured);
    }

    /**
     * Whether the HTTP request carries a configured token, from exactly two places: the
     * {@code Authorization: Bearer} header, or the query parameter named {@code token} (lower case,
     * read from the raw query string, never from a body or a header of that name). Decided from
     * the request line and headers alone, before any byte of the body is read.
     */
    public boolean isAuthentic(HttpServletRequest request) {
        Enumeration<String> authorization = request.getHeaders(AUTHORIZATION);
        Object header = null;
        if (authorization != null && authorization.hasMoreElements()) {
            header = authorization.nextElement();
            if (authorization.hasMoreElements()) {
                return false; // two Authorization headers: refuse rather than guess which counts
            }
        }
        return isAuthentic(header, queryToken(request.getQueryString()));
    }

    /** Whether the request carries a configured token, as {@code Authorization: Bearer} or {@code ?token=}. */
    public boolean isAuthentic(Object authorization, Object queryToken) {
        return tokens.matches(presentedToken(authorization, queryToken));
    }

    /** Called by {@link WebhookRequestFilter} once {@link #isAuthentic(HttpServletRequest)} said yes. */
    static void markAuthenticated(HttpServletRequest request) {
        request.setAttribute(AUTHENTICATED, Boolean.TRUE);
    }

    /**
     * The intake route's {@code check-token} step: passes only when {@link WebhookRequestFilter}
     * authenticated this very request (a servlet request attribute, which no client can set), else
     * throws a 401 rejection. The token is not looked at again: the filter decided before the body
     * was read, and the request's headers are gone by now. Should the filter ever not run in
     * front of the route (another path, another engine), every request is refused.
     */
    public void requireAuthenticated(Exchange exchange) {
        HttpServletRequest request = IntakeRequests.servletRequest(exchange);
        if (request == null || !Boolean.TRUE.equals(request.getAttribute(AUTHENTICATED))) {
            throw WebhookRejectedException.unauthorized();
        }
    }

    /** The {@code token} query parameter, read from the raw query string alone; null when absent or repeated. */
    static String queryToken(String query) {
        if (query == null) {
            return null;
        }
        String token = null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                if (token != null) {
                    return null;
                }
                try {
                    token = URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return token;
    }

    private static String presentedToken(Object authorization, Object queryToken) {
        String bearer = SecretMatcher.bearerToken(authorization);
        if (bearer != null) {
            return bearer;
        }
        // A repeated parameter arrives as a list: refuse it rather than guess which one counts.
        return queryToken instanceof String token ? token : null;
    }

    private static String generateToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
