package com.example.paubox.intake;

import com.example.paubox.system.ReceiverMetrics;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Servlet-level guards in front of the Camel intake route. */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    @Bean
    FilterRegistrationBean<WebhookRequestFilter> webhookRequestFilter(WebhookProperties properties, FailedAuthLimiter limiter,
            WebhookAuthenticator authenticator, ReceiverMetrics metrics) {
        var registration = new FilterRegistrationBean<>(
                new WebhookRequestFilter(properties.maxBodySize().toBytes(), limiter, authenticator, metrics));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<QueryTokenMaskingFilter> queryTokenMaskingFilter() {
        var registration = new FilterRegistrationBean<>(new QueryTokenMaskingFilter());
        registration.addUrlPatterns("/webhooks/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
