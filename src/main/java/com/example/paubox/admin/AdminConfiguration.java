package com.example.paubox.admin;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The admin token guards {@code /admin} and {@code /actuator} (all but health). */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    @Bean
    FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(AdminProperties properties) {
        var registration = new FilterRegistrationBean<>(new AdminTokenFilter(properties));
        registration.addUrlPatterns("/admin/*", "/admin", "/actuator/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
