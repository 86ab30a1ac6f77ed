package com.example.paubox.delivery;

import com.example.paubox.notify.EmailLists;
import com.example.paubox.notify.EmailProperties;
import com.example.paubox.notify.SlackDestinations;
import com.example.paubox.notify.SlackProperties;

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

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({SlackProperties.class, EmailProperties.class})
    @Import({SlackDestinations.class, EmailLists.class})
    static class Destinations {
    }

    @Test
    void aNamedDestinationIsOnWhenItsAddressIsSetAndEachDigestsAsItSays() {
        runner.withUserConfiguration(Destinations.class).withPropertyValues(
                "paubox.sinks.slack-alert.digest=true", "paubox.sinks.slack-alert.pace=1s",
                "SLACK_WEBHOOK_URL_CLINIC_A=https://hooks.slack.com/services/T/A/a",
                "paubox.slack.destinations.clinic-b.webhook-url=https://hooks.slack.com/services/T/B/b",
                "paubox.slack.destinations.clinic-b.digest=false",
                "paubox.email.host=smtp.example.org", "paubox.email.from=a@example.org", "paubox.email.to=b@example.org",
                "NOTIFY_EMAIL_TO_CLINIC_A_OPS=ops@clinic-a.example").run(context -> {
            Sinks sinks = context.getBean(Sinks.class);
            assertThat(sinks.isEnabled("slack-alert/clinic-a")).as("from its environment variable").isTrue();
            assertThat(sinks.isEnabled("slack-alert/clinic-b")).as("from application.yaml").isTrue();
            assertThat(sinks.isEnabled("slack-alert/clinic-c")).isFalse();
            assertThat(sinks.enabledBy("slack-alert/clinic-c"))
                    .isEqualTo("SLACK_WEBHOOK_URL_CLINIC_C or paubox.slack.destinations.clinic-c.webhook-url");
            assertThat(sinks.isEnabled("email-notify/clinic-a-ops")).isTrue();
            assertThat(sinks.isEnabled("email-notify/other-ops")).isFalse();
            assertThat(sinks.pace("slack-alert/clinic-a")).as("the route's settings").isEqualTo(Duration.ofSeconds(1));
            assertThat(sinks.digests("slack-alert/clinic-a", true)).isTrue();
            assertThat(sinks.digests("slack-alert/clinic-b", true)).as("its own say").isFalse();
            assertThat(sinks.digests("slack-alert/clinic-a", false)).as("the default").isFalse();
            assertThat(sinks.digests("email-notify/clinic-a-ops", true)).as("email-notify does not say digest: true here").isFalse();
            assertThat(Sinks.normalize("slack-alert/default")).isEqualTo("slack-alert");
            assertThat(Sinks.route("slack-alert/clinic-a")).isEqualTo("slack-alert");
            assertThat(Sinks.destination("slack-alert")).isEqualTo("default");
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
