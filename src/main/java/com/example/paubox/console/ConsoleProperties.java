package com.example.paubox.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the console is served.
 *
 * @param port a port of its own for {@code /console} ({@code CONSOLE_PORT}), plain HTTP, on
 *     {@code address} only; then {@code SERVER_PORT} serves no console, and the console's port
 *     nothing else. Unset: the console is on {@code SERVER_PORT} with everything else
 * @param address the interface that port listens on ({@code CONSOLE_ADDRESS}, required with the
 *     port): {@code 127.0.0.1} for an SSH tunnel or a proxy on the same host
 */
@ConfigurationProperties("paubox.console")
public record ConsoleProperties(Integer port, String address) {

    public boolean ownPort() {
        return port != null && port > 0;
    }
}
