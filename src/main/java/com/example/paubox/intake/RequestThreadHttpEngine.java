package com.example.paubox.intake;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform-http engine on Spring Boot's servlet container, with each request routed on the
 * servlet thread that received it.
 *
 * <p>Camel's own Spring Boot engine hands every request to a task executor and returns a future,
 * so Spring MVC answers it through a second (async) dispatch: two passes through the filter chain
 * and the DispatcherServlet, and a thread hand-off, per webhook. In a JFR profile at 64
 * connections with the store off, the second pass took about as many samples as the intake route
 * itself; without it, CPU per webhook fell by about 15 % (0.32 to 0.27 ms, warm). This engine
 * keeps everything else of Camel's consumer (binding, suspension on shutdown, unit of work) and
 * returns no future, which Spring MVC takes as a request already answered.
 */
public class RequestThreadHttpEngine extends SpringBootPlatformHttpEngine {

    /**
     * @param executor what Camel's engine would hand requests to, for the platform-http routes
     *     that are not the intake (an embedding application's own): they are served as before
     */
    public RequestThreadHttpEngine(int port, Executor executor) {
        super(port, executor);
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (endpoint.getPath() != null && endpoint.getPath().startsWith(WebhookRequestFilter.ENDPOINT)) {
            return new RequestThreadConsumer(endpoint, processor);
        }
        return super.createConsumer(endpoint, processor);
    }

    static final class RequestThreadConsumer extends SpringBootPlatformHttpConsumer {

        private static final Logger log = LoggerFactory.getLogger(RequestThreadConsumer.class);

        RequestThreadConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            super(endpoint, processor, Runnable::run);
        }

        /**
         * Routes the request now, on this thread; {@code null} tells Spring MVC it is answered.
         * A consumer that is not started answers {@code sendError(503)}, which
         * {@link WebhookRequestFilter} turns into its 503 with {@code Retry-After}: Spring MVC
         * keeps a stopped consumer mapped (camel-platform-http-starter never unregisters it), and
         * Camel's own check covers only a suspended one, so a request reaching a stopped consumer
         * would run a stopped route and be answered 500.
         */
        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            if (!isStarted()) {
                try {
                    response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                } catch (Exception ignored) {
                    // the client is gone
                }
                return null;
            }
            try {
                handleService(request, response);
            } catch (Exception e) {
                // The intake route answers its own failures; this is Camel itself failing. The
                // exception type only: its message could quote the request.
                log.warn("Webhook request failed outside the intake route: {}", e.getClass().getName());
                try {
                    if (!response.isCommitted()) {
                        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                    }
                } catch (Exception ignored) {
                    // the client is gone
                }
            }
            return null;
        }

        /**
         * Every answer is written in one piece with its {@code Content-Length}. Camel's binding
         * otherwise streams a body in chunked transfer encoding: the headers and the body flushed
         * first, the closing chunk in a second write, two socket writes for a 60-byte answer (about
         * a tenth of a request thread's time with the store off, in an async-profiler run).
         * A route that wants chunked still says so with {@code CamelHttpChunked: true}.
         */
        @Override
        protected void afterProcess(HttpServletResponse response, Exchange exchange) throws Exception {
            if (exchange.getMessage().getHeader(Exchange.HTTP_CHUNKED) == null) {
                exchange.getMessage().setHeader(Exchange.HTTP_CHUNKED, false);
            }
            super.afterProcess(response, exchange);
        }
    }
}
