package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.paubox.support.Receivers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the prod profile, the receiver will not start without a webhook token. */
class ProductionProfileIT {

    @Test
    void prodProfileRefusesToStartWithoutAWebhookToken() {
        assertThatThrownBy(() -> Receivers.start("jdbc:h2:mem:prod-no-token;DB_CLOSE_DELAY=-1",
                Map.of("spring.profiles.active", "prod", "paubox.webhook.token", "")))
                .rootCause().hasMessageContaining("PAUBOX_WEBHOOK_TOKEN is not set");
    }

    @Test
    void prodProfileStartsWithAToken() {
        try (var receiver = Receivers.start("jdbc:h2:mem:prod-token;DB_CLOSE_DELAY=-1",
                Map.of("spring.profiles.active", "prod", "paubox.webhook.token", "a-long-random-token"))) {
            assertThat(receiver.isRunning()).isTrue();
        }
    }
}
