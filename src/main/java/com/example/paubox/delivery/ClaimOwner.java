package com.example.paubox.delivery;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/** The name under which this process claims events and deliveries ({@code paubox.delivery.instance-id}). */
@Component
public class ClaimOwner {

    private final String id;

    public ClaimOwner(DeliveryProperties properties) {
        this.id = StringUtils.hasText(properties.instanceId()) ? properties.instanceId() : generated();
    }

    public String id() {
        return id;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
