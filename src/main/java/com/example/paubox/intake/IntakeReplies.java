package com.example.paubox.intake;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The intake's HTTP answers for refused requests: a status and, except for 401, a short reason.
 * The reason's code goes to {@link WebhookRequestFilter}, which writes the one log line and
 * counts the outcome once the answer is out.
 */
@Component("intakeReplies")
public class IntakeReplies {

    public void rejected(Exchange exchange) {
        WebhookRejectedException rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejectedException.class);
        HttpServletRequest request = IntakeRequests.servletRequest(exchange);
        if (request != null) {
            WebhookRequestFilter.rejectedBy(request, rejection.getRejection());
        }
        Message reply = exchange.getMessage();
        reply.removeHeaders("*");
        reply.setHeader(Exchange.HTTP_RESPONSE_CODE, rejection.getStatus());
        if (rejection.getReason().isEmpty()) {
            reply.setBody("");
            return;
        }
        reply.setHeader(Exchange.CONTENT_TYPE, "application/json");
        reply.setBody("{\"status\":\"rejected\",\"reason\":\"" + rejection.getReason() + "\"}");
    }
}
