package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.impl.event.CamelContextStartingEvent;
import org.apache.camel.impl.event.CamelContextStoppingEvent;
import org.apache.camel.impl.event.RouteRemovedEvent;
import org.apache.camel.impl.event.RouteStartedEvent;
import org.apache.camel.impl.event.RouteStoppedEvent;
import org.apache.camel.impl.event.RouteStoppingEvent;
import org.apache.camel.spi.CamelEvent;
import org.junit.jupiter.api.Test;

/** The intake's availability follows Camel's events for the context and the intake route alone. */
class IntakeAvailabilityTests {

    private final IntakeAvailability availability = new IntakeAvailability();
    private final CamelContext camel = mock(CamelContext.class);
    private final Route intake = route(IntakePressure.INTAKE_ROUTE);
    private final Route router = route("event-router");

    @Test
    void startingUntilTheIntakeRouteHasStarted() {
        assertThat(availability.unavailableReason()).isEqualTo("starting");
        send(new CamelContextStartingEvent(camel));
        send(new RouteStartedEvent(router));
        assertThat(availability.unavailableReason()).isEqualTo("starting");
        send(new RouteStartedEvent(intake));
        assertThat(availability.unavailableReason()).isNull();
    }

    @Test
    void stoppingAsSoonAsCamelStartsToStop() {
        send(new RouteStartedEvent(intake));
        send(new CamelContextStoppingEvent(camel));
        assertThat(availability.unavailableReason()).isEqualTo("stopping");
    }

    @Test
    void stoppingWhenTheIntakeRouteAloneStopsOrIsRemovedAndBackWhenItStartsAgain() {
        send(new RouteStartedEvent(intake));
        send(new RouteStoppingEvent(router));
        send(new RouteStoppedEvent(router));
        assertThat(availability.unavailableReason()).isNull();
        for (CamelEvent down : new CamelEvent[] {new RouteStoppingEvent(intake), new RouteStoppedEvent(intake), new RouteRemovedEvent(intake)}) {
            send(new RouteStartedEvent(intake));
            send(down);
            assertThat(availability.unavailableReason()).as(down.getType().name()).isEqualTo("stopping");
        }
        send(new RouteStartedEvent(intake));
        assertThat(availability.unavailableReason()).isNull();
    }

    @Test
    void startingAgainWhenCamelIsStartedAgain() {
        send(new RouteStartedEvent(intake));
        send(new CamelContextStoppingEvent(camel));
        send(new CamelContextStartingEvent(camel));
        assertThat(availability.unavailableReason()).isEqualTo("starting");
    }

    @Test
    void asksForNoExchangeEvents() {
        assertThat(availability.isIgnoreExchangeEvents()).isTrue();
        assertThat(availability.isIgnoreStepEvents()).isTrue();
    }

    private void send(CamelEvent event) {
        if (availability.isEnabled(event)) {
            availability.notify(event);
        }
    }

    private static Route route(String id) {
        Route route = mock(Route.class);
        when(route.getRouteId()).thenReturn(id);
        return route;
    }
}
