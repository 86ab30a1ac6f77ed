package com.example.paubox.intake;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/** The intake's HTTP answers for refused requests: a status and, except for 401, a short reason. */
@Component("intakeReplies")
public class IntakeReplies {

    public void rejected(Exchange exchange) {
        WebhookRejectedException rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejectedException.class);
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
