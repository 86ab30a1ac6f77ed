package com.example.paubox;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link PrivacyIT} with both sinks showing the recipient hashed: a keyed pseudonym, never the address. */
class PrivacyHashedDisplayIT extends PrivacyIT {

    @DynamicPropertySource
    static void hashedDisplay(DynamicPropertyRegistry registry) {
        registry.add("paubox.slack.recipient-display", () -> "hashed");
        registry.add("paubox.email.recipient-display", () -> "hashed");
    }
}
