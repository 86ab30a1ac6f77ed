package com.example.paubox.intake;

import com.example.paubox.system.ReceiverMetrics;
import com.example.paubox.watch.IntakeSignals;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the webhook endpoint before Camel sees the request, deciding everything it can from the
 * request line and headers before a single body byte is read, so that a stranger who trickles a
 * body holds no thread:
 * <ol>
 *   <li>401 for any path below {@code /webhooks/} but the endpoint itself, whatever token it carries;</li>
 *   <li>405 for any method but POST;</li>
 *   <li>the token ({@link WebhookAuthenticator#isAuthentic(HttpServletRequest)}): without the right
 *       one, 429 for a client that sent too many wrong tokens lately, else 401 (counted against
 *       it). Paubox, which may share addresses with others, is never throttled;</li>
 *   <li>415 for a body that is not declared JSON. This must happen here: Camel's HTTP binding
 *       parses a form-encoded body into parameters before the route runs, and logs the parser's
 *       complaint, which quotes the body;</li>
 *   <li>413 for a declared {@code Content-Length} over the limit;</li>
 *   <li>503 with {@code Retry-After} while the intake route is not running: the receiver is
 *       starting (Tomcat takes requests a second or two before Camel starts its routes) or
 *       stopping ({@link IntakeAvailability}). After the token on purpose: a stranger still gets
 *       401 (and is counted towards 429) and learns nothing of the receiver's state, and only a
 *       request that would otherwise have been stored is told to come back;</li>
 *   <li>then the body is read here, whole, within {@code paubox.webhook.body-read-timeout}
 *       (408 after it), and a chunked body only up to one byte past the limit (413). The route
 *       gets the body from memory.</li>
 * </ol>
 * A request refused here is answered at once and its connection closed without reading (Tomcat
 * would otherwise drain the rest of the body on the request thread first: see
 * {@link UnreadBodyValve}). Every refusal, here or in the route, gets one log line
 * {@code Webhook outcome=rejected-<code> status=... latency=...ms} and is counted by that outcome
 * ({@link RejectionReason}): no path, query, header or body in either. A 503 for a route not
 * running is logged {@code Webhook outcome=unavailable status=503 latency=...ms reason=starting}
 * (or {@code stopping}) and counted as {@code unavailable}, like a 503 for an event the database
 * could not store: in both cases the event is not stored.
 *
 * <p>Should the route go away between that check and the request reaching it (it stops, or it
 * has not quite registered its endpoint yet), Spring MVC would answer 404 for no handler, and a
 * Camel consumer that is suspended or stopped a bare 503 (see {@link RequestThreadHttpEngine}):
 * the response the route is handed turns either into the same 503 with {@code Retry-After}
 * ({@link UnavailableWhenNoRoute}). No other part of this endpoint answers 404, nor calls
 * {@code sendError(503)}.
 */
public class WebhookRequestFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(WebhookRequestFilter.class);

    /** The paths this filter guards: the intake route's and any below it. */
    static final String PATH_PREFIX = "/webhooks/";

    /** The intake route's path (routes/paubox-intake.camel.yaml): the only one that takes events. */
    static final String ENDPOINT = "/webhooks/paubox";

    /** Request attribute: the refusal this request got, set here or by {@link IntakeReplies}. */
    static final String REJECTION = WebhookRequestFilter.class.getName() + ".rejection";

    /** Request attribute: close the connection after the answer, without reading the rest of the body. */
    static final String DROP_CONNECTION = WebhookRequestFilter.class.getName() + ".dropConnection";

    /** Request attribute: answered 503 because the intake route is not running; the reason (starting, stopping). */
    static final String UNAVAILABLE = WebhookRequestFilter.class.getName() + ".unavailable";

    private static final MediaType JSON_SUFFIX = MediaType.parseMediaType("application/*+json");

    private final long maxBytes;
    private final long bodyReadNanos;
    private final FailedAuthLimiter limiter;
    private final WebhookAuthenticator authenticator;
    private final ReceiverMetrics metrics;
    private final IntakeSignals signals;
    private final IntakeAvailability availability;

    public WebhookRequestFilter(long maxBytes, Duration bodyReadTimeout, FailedAuthLimiter limiter,
            WebhookAuthenticator authenticator, ReceiverMetrics metrics, IntakeAvailability availability, IntakeSignals signals) {
        this.signals = signals;
        this.maxBytes = maxBytes;
        this.bodyReadNanos = bodyReadTimeout.toNanos();
        this.limiter = limiter;
        this.authenticator = authenticator;
        this.metrics = metrics;
        this.availability = availability;
    }

    /** Records the refusal of this request, for the log line and the metric once it is answered. */
    static void rejectedBy(HttpServletRequest request, RejectionReason reason) {
        request.setAttribute(REJECTION, reason);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.absent()) {
            // An application embedding the receiver without the Kamelet: the path is not the receiver's.
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        RejectionReason refused = guard(request, response, chain);
        if (refused != null) {
            answered(request, response, start);
            return;
        }
        // Should an engine answer asynchronously, count the answer once it is complete.
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    answered(request, response, start);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                }

                @Override
                public void onError(AsyncEvent event) {
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
        } else {
            answered(request, response, start);
        }
    }

    /** Once the answer is out: its latency, and for a refusal one log line and its outcome counted. */
    private void answered(HttpServletRequest request, HttpServletResponse response, long start) {
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        metrics.acknowledged(latency);
        int status = response.getStatus();
        if (status < 400) {
            return; // accepted and duplicate are counted (and logged) by the route
        }
        if (status == 503) {
            signals.lost();
        }
        if (request.getAttribute(REJECTION) instanceof RejectionReason reason) {
            if (reason == RejectionReason.BAD_TOKEN || reason == RejectionReason.WRONG_PATH || reason == RejectionReason.THROTTLED) {
                signals.refused();
            }
            metrics.webhook(null, reason.outcome());
            log.info("Webhook outcome={} status={} latency={}ms", reason.outcome(), status, latency.toMillis());
        } else if (request.getAttribute(UNAVAILABLE) instanceof String reason) {
            metrics.webhook(null, "unavailable");
            log.info("Webhook outcome=unavailable status={} latency={}ms reason={}", status, latency.toMillis(), reason);
        } else if (status == 503) {
            metrics.webhook(null, "unavailable"); // logged by the route, with the kind of failure
        } else if (status >= 500) {
            metrics.webhook(null, "error"); // logged by the route or the engine, with the kind of failure
        } else {
            // A 4xx from somewhere no reason was given (Camel itself): still a bounded label.
            metrics.webhook(null, "rejected-" + status);
            log.info("Webhook outcome=rejected-{} status={} latency={}ms", status, status, latency.toMillis());
        }
    }

    /**
     * The refusal the request was answered with; null when it went on to the route, or was
     * answered 503 because the route is not running (then the {@link #UNAVAILABLE} attribute says why).
     */
    private RejectionReason guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!ENDPOINT.equals(pathWithinApplication(request))) {
            // A token is good for the endpoint alone; nothing below it exists. Only a wrong token counts as guessing.
            return authenticator.isAuthentic(request) ? reject(request, response, RejectionReason.WRONG_PATH) : unauthenticated(request, response);
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            return reject(request, response, RejectionReason.METHOD);
        }
        if (!authenticator.isAuthentic(request)) {
            return unauthenticated(request, response);
        }
        WebhookAuthenticator.markAuthenticated(request);
        if (!isJson(request.getContentType())) {
            return reject(request, response, RejectionReason.UNSUPPORTED_MEDIA_TYPE);
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            return reject(request, response, RejectionReason.TOO_LARGE);
        }
        String down = availability.unavailableReason();
        if (down != null) {
            unavailable(request, response, down);
            return null;
        }
        byte[] body;
        try {
            body = readBody(request.getInputStream(), declared);
        } catch (BodyTooSlow e) {
            return reject(request, response, RejectionReason.BODY_TIMEOUT);
        } catch (IOException e) {
            // The client went away, or went silent for server.tomcat.connection-timeout.
            return reject(request, response, isTimeout(e) ? RejectionReason.BODY_TIMEOUT : RejectionReason.BODY_INCOMPLETE);
        }
        if (body == null) {
            return reject(request, response, RejectionReason.TOO_LARGE);
        }
        chain.doFilter(new ReadBodyRequest(request, body), new UnavailableWhenNoRoute(request, response));
        return null;
    }

    private RejectionReason unauthenticated(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String client = request.getRemoteAddr();
        Duration wait = limiter.retryAfter(client);
        if (!wait.isZero()) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
            return reject(request, response, RejectionReason.THROTTLED);
        }
        limiter.recordFailure(client);
        return reject(request, response, RejectionReason.BAD_TOKEN);
    }

    /**
     * The whole body, or null when it is over the limit (then only one byte past the limit is
     * read). Each read waits at most server.tomcat.connection-timeout for the next byte; the
     * whole body must be in within body-read-timeout, checked after each read, so a request is
     * held at most that plus one connection-timeout.
     */
    private byte[] readBody(InputStream in, long declared) throws IOException, BodyTooSlow {
        long deadline = System.nanoTime() + bodyReadNanos;
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
        byte[] buffer = new byte[declared >= 0 ? (int) declared : Math.min(limit, 8192)];
        int length = 0;
        while (declared < 0 || length < declared) {
            if (length == buffer.length) {
                if (length >= limit) {
                    return null;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, buffer.length * 2L));
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                break;
            }
            length += read;
            boolean complete = declared >= 0 && length >= declared;
            if (!complete && System.nanoTime() - deadline > 0) {
                throw new BodyTooSlow();
            }
        }
        if (declared >= 0 && length < declared) {
            throw new EOFException("body ended early");
        }
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String pathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.isCompatibleWith(type) || JSON_SUFFIX.includes(type);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /**
     * Answers a refusal at once. The connection is closed after the answer and the rest of the
     * body left unread (Connection: close, and {@link UnreadBodyValve}), so that a client
     * trickling a body it was refused for holds no thread.
     */
    private static RejectionReason reject(HttpServletRequest request, HttpServletResponse response, RejectionReason reason)
            throws IOException {
        rejectedBy(request, reason);
        request.setAttribute(DROP_CONNECTION, Boolean.TRUE);
        response.setHeader("Connection", "close");
        response.setStatus(reason.status());
        if (!reason.text().isEmpty()) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            try {
                response.getWriter().write("{\"status\":\"rejected\",\"reason\":\"" + reason.text() + "\"}");
            } catch (IOException clientGone) {
                // nothing to tell a client that is not there
            }
        }
        return reason;
    }

    /**
     * Answers 503 with {@code Retry-After} for a route that is not running, at once, without
     * reading the body, and closes the connection (as {@link #reject} does): the client is told
     * the event was not stored, and its next try opens a new connection.
     */
    private static void unavailable(HttpServletRequest request, HttpServletResponse response, String reason) {
        request.setAttribute(UNAVAILABLE, reason);
        request.setAttribute(DROP_CONNECTION, Boolean.TRUE);
        response.reset(); // whatever Spring MVC or Camel had set for their own answer
        response.setHeader("Connection", "close");
        response.setHeader("Retry-After", Integer.toString(IntakeAvailability.RETRY_AFTER_SECONDS));
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try {
            response.getWriter().write("{\"status\":\"unavailable\",\"reason\":\"" + reason + "\"}");
        } catch (IOException clientGone) {
            // nothing to tell a client that is not there
        }
    }

    /**
     * The response handed to the route: Spring MVC's 404 for no handler (the intake route has not
     * registered its endpoint yet) and the bare 503 of a suspended or stopped Camel consumer become
     * the 503 with {@code Retry-After} of a route that is not running. Both come through
     * {@code sendError}, which nothing else on this path uses for those two statuses: the route
     * answers by status and body, and Camel itself fails with 500.
     */
    private final class UnavailableWhenNoRoute extends HttpServletResponseWrapper {

        private final HttpServletRequest request;

        UnavailableWhenNoRoute(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if ((status == SC_NOT_FOUND || status == SC_SERVICE_UNAVAILABLE) && !isCommitted()) {
                String reason = availability.unavailableReason();
                unavailable(request, (HttpServletResponse) getResponse(), reason != null ? reason : "stopping");
                return;
            }
            super.sendError(status, message);
        }
    }

    private static final class BodyTooSlow extends Exception {
        BodyTooSlow() {
            super(null, null, false, false);
        }
    }

    /** The request with its body already read into memory. */
    private static final class ReadBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return available() == 0;
                }

                @Override
                public int available() {
                    try {
                        return in.available();
                    } catch (IOException e) {
                        return 0;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has already been read");
                }
            };
        }
    }
}
