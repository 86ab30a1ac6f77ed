package com.example.paubox.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Per-sink settings ({@code paubox.sinks.<name>}): what switches a sink on, its pace, its retry policy. */
class SinksTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({SinkProperties.class, DeliveryProperties.class})
    @Import(Sinks.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void sinkWithoutSettingsIsOnUnpacedWithTheDefaultRetries() {
        runner.withPropertyValues("paubox.delivery.max-attempts=7").run(context -> {
            Sinks sinks = context.getBean(Sinks.class);
            assertThat(sinks.isEnabled("teams-alert")).isTrue();
            assertThat(sinks.enabledBy("teams-alert")).isNull();
            assertThat(sinks.pace("teams-alert")).isZero();
            assertThat(sinks.retry("teams-alert").maxAttempts()).isEqualTo(7);
            assertThat(sinks.retry("teams-alert").initialDelay()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void sinkIsOffUntilItsEnablingSettingHasAValue() {
        runner.withPropertyValues("paubox.sinks.teams-alert.enabled-by=TEAMS_WEBHOOK_URL", "TEAMS_WEBHOOK_URL=").run(context ->
                assertThat(context.getBean(Sinks.class).isEnabled("teams-alert")).isFalse());
        runner.withPropertyValues("paubox.sinks.teams-alert.enabled-by=TEAMS_WEBHOOK_URL",
                "TEAMS_WEBHOOK_URL=https://example.webhook.office.com/x").run(context ->
                assertThat(context.getBean(Sinks.class).isEnabled("teams-alert")).isTrue());
        runner.withPropertyValues("paubox.sinks.slack-alert.enabled-by=paubox.slack.webhook-url").run(context ->
                assertThat(context.getBean(Sinks.class).isEnabled("slack-alert")).isFalse());
    }

    @Test
    void sinkOwnPaceAndRetryPolicyOverrideTheDefaults() {
        runner.withPropertyValues("paubox.sinks.pager.pace=250ms", "paubox.sinks.pager.max-attempts=3",
                "paubox.sinks.pager.initial-delay=1s", "paubox.sinks.pager.max-delay=4s").run(context -> {
            Sinks.RetryPolicy retry = context.getBean(Sinks.class).retry("pager");
            assertThat(context.getBean(Sinks.class).pace("pager")).isEqualTo(Duration.ofMillis(250));
            assertThat(retry.maxAttempts()).isEqualTo(3);
            assertThat(retry.backoff(1)).isEqualTo(Duration.ofSeconds(1));
            assertThat(retry.backoff(2)).isEqualTo(Duration.ofSeconds(2));
            assertThat(retry.backoff(5)).as("capped at max-delay").isEqualTo(Duration.ofSeconds(4));
        });
    }

    @Test
    void zeroAttemptsFailsToStart() {
        runner.withPropertyValues("paubox.sinks.pager.max-attempts=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("maxAttempts");
        });
    }
}
