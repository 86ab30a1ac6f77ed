package com.example.paubox.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The benchmark-only mode that answers 2xx without storing cannot be switched on by one setting. */
class InboxPropertiesBindingTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(InboxProperties.class)
    static class InboxSettings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(InboxSettings.class);

    @Test
    void storeOffAloneFailsToStart() {
        runner.withPropertyValues("paubox.inbox.write=off").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("benchmark-unstored-answers");
        });
    }

    @Test
    void storeOffStartsOnlyWithTheBenchmarkFlag() {
        runner.withPropertyValues("paubox.inbox.write=off", "paubox.inbox.benchmark-unstored-answers=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(InboxProperties.class).write()).isEqualTo(InboxProperties.Write.OFF);
        });
    }

    @Test
    void defaultStoresEveryEvent() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(InboxProperties.class).write()).isEqualTo(InboxProperties.Write.GROUP_COMMIT);
        });
    }
}
