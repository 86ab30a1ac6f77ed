package com.example.paubox.admin;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The admin token guards {@code /admin} and {@code /actuator} (all but health) on the server port.
 * With {@code management.server.port} set, {@code /actuator} is served on that port instead, where
 * this filter does not run: the receiver then refuses to start unless
 * {@code management.server.address} says which interface may serve it without a token.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    AdminConfiguration(Environment environment) {
        if (ManagementPortType.get(environment) == ManagementPortType.DIFFERENT
                && !StringUtils.hasText(environment.getProperty("management.server.address"))) {
            throw new IllegalStateException("MANAGEMENT_SERVER_PORT is set, so /actuator would be served there without"
                    + " ADMIN_TOKEN on every interface: set MANAGEMENT_SERVER_ADDRESS too (127.0.0.1 for a scraper on this"
                    + " host; 0.0.0.0 only where a firewall keeps the port private)");
        }
    }

    @Bean
    FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(AdminProperties properties) {
        var registration = new FilterRegistrationBean<>(new AdminTokenFilter(properties));
        registration.addUrlPatterns("/admin/*", "/admin", "/actuator/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
