package org.octflow.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * This gateway's stable name among the gateways sharing one database and consumer group: its outbox claims and its
 * static group membership carry it, so a restarted gateway takes its own work back at once.
 */
@ApplicationScoped
public class Instance {
    private final String id;

    public Instance(GatewayConfig config) {
        this.id = config.instanceId().orElseGet(() -> {
            String host = System.getenv("HOSTNAME");
            return host == null || host.isBlank() ? "gateway-1" : host;
        });
    }

    public String id() {
        return id;
    }
}
