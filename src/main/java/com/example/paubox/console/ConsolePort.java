package com.example.paubox.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console on a port of its own (the management-port pattern, docs/console.md): with
 * {@code CONSOLE_PORT} and {@code CONSOLE_ADDRESS} a second plain-HTTP connector listens there,
 * and a filter keeps each port to its own: {@code /console} only there, everything else only on
 * {@code SERVER_PORT}, 404 otherwise.
 */
@Configuration(proxyBeanMethods = false)
class ConsolePort {

    ConsolePort(ConsoleProperties console) {
        if (console.ownPort() && !StringUtils.hasText(console.address())) {
            throw new IllegalStateException("CONSOLE_PORT is set, so the console would be served there on every interface: set"
                    + " CONSOLE_ADDRESS too (127.0.0.1 for an SSH tunnel or a proxy on this host)");
        }
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> consoleConnector(ConsoleProperties console) {
        return factory -> {
            if (console.ownPort()) {
                Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
                connector.setPort(console.port());
                connector.setProperty("address", console.address());
                factory.addAdditionalTomcatConnectors(connector);
            }
        };
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> consolePortFilter(ConsoleProperties console) {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                boolean consolePath = path.equals("/console") || path.startsWith("/console/");
                boolean consolePort = console.ownPort() && request.getLocalPort() == console.port();
                if (consolePath != consolePort) {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.setEnabled(console.ownPort());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
