package com.example.paubox.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Bad sink settings stop the application at startup with a message naming the variable. */
class SinkPropertiesBindingTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({EmailProperties.class, SlackProperties.class, NotifyProperties.class})
    static class Sinks {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Sinks.class);

    @Test
    void bothSinksAreOffByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EmailProperties.class).enabled()).isFalse();
            assertThat(context.getBean(EmailProperties.class).requireTls()).isTrue();
            assertThat(context.getBean(SlackProperties.class).enabled()).isFalse();
        });
    }

    @Test
    void relayWithoutNotifyAddressesFailsToStart() {
        runner.withPropertyValues("paubox.email.host=smtp.example.org").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("NOTIFY_EMAIL_TO");
        });
    }

    @Test
    void portOutOfRangeFailsToStart() {
        runner.withPropertyValues("paubox.email.port=70000").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void completeRelaySettingsEnableTheEmailSink() {
        runner.withPropertyValues("paubox.email.host=smtp.example.org", "paubox.email.from=a@example.org",
                "paubox.email.to=b@example.org").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EmailProperties.class).enabled()).isTrue();
                });
    }

    @Test
    void unknownRecipientDisplayFailsToStart() {
        runner.withPropertyValues("paubox.slack.recipient-display=everything").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void recipientDisplayIsChosenPerSink() {
        runner.withPropertyValues("paubox.slack.recipient-display=hashed").run(context -> {
            assertThat(context.getBean(SlackProperties.class).recipientDisplay()).isEqualTo(RecipientDisplay.HASHED);
            assertThat(context.getBean(EmailProperties.class).recipientDisplay()).isEqualTo(RecipientDisplay.MASKED);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.slack.com/services/T/B/X", "HTTP://hooks.slack.com/services/T/B/X",
        "ftp://hooks.slack.com/x", "hooks.slack.com/services/T/B/X", "http://127.0.0.1.evil.example/x", "http://10.0.0.5/x", "https:///x"})
    void slackUrlWithoutHttpsFailsToStart(String url) {
        runner.withPropertyValues("paubox.slack.webhook-url=" + url).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("SLACK_WEBHOOK_URL must start with https://");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.slack.com/services/T/B/X", "http://127.0.0.1:8089/services/T/B/X",
        "http://localhost:8089/x", "http://[::1]:8089/x"})
    void slackUrlOverHttpsOrToLoopbackIsAccepted(String url) {
        runner.withPropertyValues("paubox.slack.webhook-url=" + url).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void shortRecipientHashKeyFailsToStart() {
        runner.withPropertyValues("paubox.notify.hash-key=too-short").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("RECIPIENT_HASH_KEY");
        });
        runner.withPropertyValues("paubox.notify.hash-key=" + "k".repeat(32)).run(context -> assertThat(context).hasNotFailed());
    }
}
