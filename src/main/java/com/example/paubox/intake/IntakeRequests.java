package com.example.paubox.intake;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/** The servlet request behind an intake exchange, where the filter and the route share what no client can set. */
final class IntakeRequests {

    private IntakeRequests() {
    }

    /** The servlet request the exchange was made from, or null when it came from elsewhere. */
    static HttpServletRequest servletRequest(Exchange exchange) {
        for (Message message : new Message[] {exchange.getIn(), exchange.getMessage()}) {
            if (message instanceof PlatformHttpMessage http && http.getRequest() != null) {
                return http.getRequest();
            }
        }
        return null;
    }
}
