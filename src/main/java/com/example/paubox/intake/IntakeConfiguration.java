package com.example.paubox.intake;

import com.example.paubox.system.ReceiverMetrics;
import com.example.paubox.watch.IntakeSignals;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.DispatcherType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/** The HTTP engine under the Camel intake route, and the servlet-level guards in front of it. */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    /** The dispatch threads' pool: the intake route's wire tap names it, IntakePressure reads its room. */
    static final String DISPATCH_POOL = "dispatch";

    /**
     * The dispatch threads, built by Camel from the thread pool profile of the same name
     * ({@code camel.threadpool.config.dispatch}) and shut down with Camel. A bean rather than a
     * pool the wire tap builds for itself, so that the intake can see whether it has room.
     * Created when the intake route first looks it up, once Camel has the profile.
     */
    @Bean(name = DISPATCH_POOL, destroyMethod = "")
    @Lazy
    ExecutorService dispatchPool(CamelContext camel) {
        ExecutorService pool = camel.getExecutorServiceManager().newThreadPool(this, DISPATCH_POOL, DISPATCH_POOL);
        if (pool == null) {
            throw new IllegalStateException("No thread pool profile camel.threadpool.config." + DISPATCH_POOL + " is configured");
        }
        return pool;
    }

    /**
     * Replaces Camel's default Spring Boot engine (same bean name), see {@link RequestThreadHttpEngine}:
     * the intake on the request thread, every other platform-http route (an embedding
     * application's own) as Camel's engine would serve it, on Spring Boot's task executor.
     */
    @Bean(name = "platform-http-engine")
    PlatformHttpEngine requestThreadHttpEngine(@Value("${server.port:8080}") int port,
            @Qualifier("applicationTaskExecutor") ObjectProvider<Executor> taskExecutor) {
        return new RequestThreadHttpEngine(port, taskExecutor.getIfAvailable(() -> Runnable::run));
    }

    /** The intake endpoint's header filter: no request header or query parameter is copied in. */
    @Bean
    InboundHeadersDropped inboundHeadersDropped() {
        return new InboundHeadersDropped();
    }

    /**
     * Spring's {@code http.server.requests} observation is off for the webhook path: the receiver
     * meters it itself (paubox_webhooks_received_total by outcome, paubox_webhook_ack_latency),
     * and in a JFR profile of the intake at 64 connections the observation took about a tenth of
     * the CPU per webhook. Every other path (/admin, /actuator) is still observed.
     */
    @Bean
    ObservationPredicate webhookRequestsMeteredByReceiver() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier().getRequestURI().startsWith(WebhookRequestFilter.ENDPOINT));
    }

    /**
     * Hands {@link IntakeAvailability} Camel's route events, before Camel starts (camel-spring-boot
     * does not add an event notifier bean by itself). Not a constructor argument of it: the filter
     * needs it while the servlet container is set up, before the Camel context exists.
     */
    @Bean
    CamelContextConfiguration intakeAvailabilityEvents(IntakeAvailability availability) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                camel.getManagementStrategy().addEventNotifier(availability);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing: the intake route's own start event is what counts
            }
        };
    }

    /**
     * The paths the intake's filters guard: every path under {@code /webhooks/} (any but the
     * endpoint is refused 401), or, with {@code paubox.webhook.refuse-other-webhook-paths=false}
     * (the default inside an embedding application, whose own webhooks may live there), the
     * endpoint and the paths under it.
     */
    static String[] guardedPaths(boolean refuseOtherWebhookPaths) {
        return refuseOtherWebhookPaths
                ? new String[] {WebhookRequestFilter.PATH_PREFIX + "*"}
                : new String[] {WebhookRequestFilter.ENDPOINT, WebhookRequestFilter.ENDPOINT + "/*"};
    }

    @Bean
    FilterRegistrationBean<WebhookRequestFilter> webhookRequestFilter(WebhookProperties properties, FailedAuthLimiter limiter,
            WebhookAuthenticator authenticator, ReceiverMetrics metrics, IntakeAvailability availability, IntakeSignals signals) {
        var registration = new FilterRegistrationBean<>(new WebhookRequestFilter(properties.maxBodySize().toBytes(),
                properties.bodyReadTimeout(), limiter, authenticator, metrics, availability, signals));
        registration.addUrlPatterns(guardedPaths(properties.refuseOtherWebhookPaths()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Closes refused webhook requests without draining their bodies, see {@link UnreadBodyValve}. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> unreadBodyValve() {
        return factory -> factory.addContextValves(new UnreadBodyValve());
    }

    @Bean
    FilterRegistrationBean<QueryTokenMaskingFilter> queryTokenMaskingFilter(WebhookProperties properties) {
        var registration = new FilterRegistrationBean<>(new QueryTokenMaskingFilter());
        registration.addUrlPatterns(guardedPaths(properties.refuseOtherWebhookPaths()));
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
