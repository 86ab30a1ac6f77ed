package com.example.paubox.intake;

import com.example.paubox.system.ReceiverMetrics;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the webhook endpoint before Camel reads the request:
 * <ul>
 *   <li>415 for a body that is not declared JSON. This must happen here: Camel's HTTP binding
 *       parses a form-encoded body into parameters before the route runs, and logs the parser's
 *       complaint, which quotes the body.</li>
 *   <li>413 for a body over the limit, without reading all of it: a declared
 *       {@code Content-Length} over the limit is refused before any byte is read, and a chunked
 *       body is read only up to one byte past the limit. A body within the limit is handed on as
 *       read.</li>
 *   <li>429 for a client that sent too many wrong tokens lately, unless this request carries the
 *       right one: Paubox, which may share addresses with others, is never throttled.</li>
 * </ul>
 */
public class WebhookRequestFilter extends OncePerRequestFilter {

    /** The paths this filter guards: the intake route's and any below it. */
    static final String PATH_PREFIX = "/webhooks/";

    private static final MediaType JSON_SUFFIX = MediaType.parseMediaType("application/*+json");

    private final long maxBytes;
    private final FailedAuthLimiter limiter;
    private final WebhookAuthenticator authenticator;
    private final ReceiverMetrics metrics;

    public WebhookRequestFilter(long maxBytes, FailedAuthLimiter limiter, WebhookAuthenticator authenticator, ReceiverMetrics metrics) {
        this.maxBytes = maxBytes;
        this.limiter = limiter;
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        String client = request.getRemoteAddr();
        Duration wait = limiter.retryAfter(client);
        if (!wait.isZero() && !authenticator.isAuthentic(request.getHeader("Authorization"), queryToken(request.getQueryString()))) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
            response.setHeader("Connection", "close");
            response.setStatus(429);
            answered(client, response, start);
            return;
        }
        guard(request, response, chain);
        // The intake route answers asynchronously: count a 401 once the answer is complete.
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    answered(client, response, start);
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
            answered(client, response, start);
        }
    }

    /** Once the answer is out: its latency, a refusal by status, and a wrong token against the client. */
    private void answered(String client, HttpServletResponse response, long start) {
        int status = response.getStatus();
        metrics.acknowledged(Duration.ofNanos(System.nanoTime() - start));
        if (status >= 400) {
            metrics.webhook(null, status == 503 ? "unavailable" : "rejected-" + status);
        }
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            limiter.recordFailure(client);
        }
    }

    private void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && !isJson(request.getContentType())) {
            reject(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(response);
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            tooLarge(response);
            return;
        }
        chain.doFilter(new ReadBodyRequest(request, body), response);
    }

    /** The {@code token} query parameter, read from the query string alone: never from a body. */
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
                token = URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
            }
        }
        return token;
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

    private void tooLarge(HttpServletResponse response) throws IOException {
        // Closing the connection spares the server from draining the rest of a huge body.
        response.setHeader("Connection", "close");
        reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body is larger than " + maxBytes + " bytes");
    }

    private static void reject(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"status\":\"rejected\",\"reason\":\"" + reason + "\"}");
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
