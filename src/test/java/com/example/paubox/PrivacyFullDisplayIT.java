package com.example.paubox;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link PrivacyIT} with both sinks showing the recipient full, as an operator may choose: the logs still carry no address. */
class PrivacyFullDisplayIT extends PrivacyIT {

    @DynamicPropertySource
    static void fullDisplay(DynamicPropertyRegistry registry) {
        registry.add("paubox.slack.recipient-display", () -> "full");
        registry.add("paubox.email.recipient-display", () -> "full");
    }

    @Override
    protected boolean sinksShowFullRecipient() {
        return true;
    }
}
