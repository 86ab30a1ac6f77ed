package com.example.paubox.intake;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.RouteEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Whether the intake route ({@value IntakePressure#INTAKE_ROUTE}) is taking webhooks, for
 * {@link WebhookRequestFilter} to answer {@code 503} with {@code Retry-After} rather than let a
 * webhook reach a route that is not there (Spring MVC would answer {@code 404}).
 *
 * <p>The server takes connections a second or two before Camel has started its routes: Tomcat
 * starts with the Spring context, Camel only once that context is refreshed. So this starts out
 * {@code starting} and turns {@code started} on Camel's event that the intake route has
 * started. It turns {@code stopping} as soon as Camel starts to stop (before any consumer is
 * suspended), or the intake route alone stops or is removed (a reload, an operator), and back to
 * {@code starting} if Camel is started again. A Camel event notifier (added to Camel by
 * {@code IntakeConfiguration} before it starts): the filter's check on each webhook is one
 * volatile read.
 *
 * <p>On SIGTERM, Spring Boot's graceful shutdown stops Tomcat taking requests and waits for those
 * in flight before Camel stops, so with the shipped settings the intake runs for as long as Tomcat
 * answers. Spring's {@code ContextClosedEvent} is deliberately not a signal here: a webhook that
 * arrives between it and Tomcat's pause can still be stored, and Paubox would not resend it.
 */
@Component
public class IntakeAvailability extends EventNotifierSupport {

    /** The {@code Retry-After} of a 503 while starting or stopping, in seconds. */
    static final int RETRY_AFTER_SECONDS = 5;

    enum State {
        STARTING("starting"), STARTED(null), STOPPING("stopping");

        private final String reason;

        State(String reason) {
            this.reason = reason;
        }
    }

    private volatile State state = State.STARTING;
    private volatile boolean absent;

    public IntakeAvailability() {
        // Only the events below; nothing about exchanges, which fire on every message.
        setIgnoreExchangeEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreServiceEvents(true);
    }

    /** Null while the intake route runs; else why not, as the 503 says it: {@code starting} or {@code stopping}. */
    public String unavailableReason() {
        return state.reason;
    }

    /**
     * Says that there will be no intake route: an application that embeds the receiver has no
     * route from its Kamelet. The endpoint's path is then left to the application (404).
     */
    public void intakeAbsent() {
        absent = true;
    }

    /** True once {@link #intakeAbsent()} has said there is no intake route to wait for. */
    public boolean absent() {
        return absent;
    }

    State state() {
        return state;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return switch (event.getType()) {
            case CamelContextStarting, CamelContextStopping, RouteStarted, RouteStopping, RouteStopped, RouteRemoved -> true;
            default -> false;
        };
    }

    @Override
    public void notify(CamelEvent event) {
        switch (event.getType()) {
            case CamelContextStarting -> state = State.STARTING;
            case CamelContextStopping -> state = State.STOPPING;
            case RouteStarted -> {
                if (isIntake(event)) {
                    state = State.STARTED;
                }
            }
            case RouteStopping, RouteStopped, RouteRemoved -> {
                if (isIntake(event)) {
                    state = State.STOPPING;
                }
            }
            default -> {
                // not asked for (isEnabled)
            }
        }
    }

    private static boolean isIntake(CamelEvent event) {
        return event instanceof RouteEvent route && IntakePressure.INTAKE_ROUTE.equals(route.getRoute().getRouteId());
    }
}
