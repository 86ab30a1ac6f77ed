package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Each webhook passes the servlet stack once: {@link RequestThreadHttpEngine} routes it on the
 * thread that received it, where Camel's default Spring Boot engine answers through a second,
 * asynchronous dispatch, and answers it with a Content-Length in one write. A filter at the
 * servlet boundary records every dispatch it sees.
 */
@Import(RequestThreadHttpEngineIT.DispatchRecorder.class)
class RequestThreadHttpEngineIT extends ReceiverITSupport {

    @TestConfiguration(proxyBeanMethods = false)
    static class DispatchRecorder {

        static final List<DispatcherType> dispatches = new CopyOnWriteArrayList<>();

        @Bean
        FilterRegistrationBean<Filter> dispatchRecorder() {
            Filter recorder = (request, response, chain) -> {
                dispatches.add(request.getDispatcherType());
                chain.doFilter(request, response);
            };
            var registration = new FilterRegistrationBean<>(recorder);
            registration.addUrlPatterns("/webhooks/*");
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
            return registration;
        }
    }

    @Test
    void aStoredWebhookIsAnsweredInOneDispatch() {
        DispatchRecorder.dispatches.clear();
        HttpResponse<String> response = webhooks.post(
                Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "d@patient.example.net"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"accepted\"");
        assertThat(DispatchRecorder.dispatches).containsExactly(DispatcherType.REQUEST);
        assertWrittenInOnePiece(response);
        awaitDispatched(eventId(response.body()));
    }

    @Test
    void aRefusedWebhookIsAnsweredInOneDispatch() {
        DispatchRecorder.dispatches.clear();
        HttpResponse<String> response = webhooks.post("{\"event_name\":\"api_mail_log_delivered\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(DispatchRecorder.dispatches).containsExactly(DispatcherType.REQUEST);
        assertWrittenInOnePiece(response);
        assertThat(count("SELECT COUNT(*) FROM webhook_events")).isZero();
    }

    /** A Content-Length that matches the body, not chunked transfer encoding (two socket writes for a short answer). */
    private static void assertWrittenInOnePiece(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length"))
                .hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
    }
}
