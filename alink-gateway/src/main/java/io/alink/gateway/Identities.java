package io.alink.gateway;

import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.SignMethod;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's identity to connect with: the configured deviceSecret, else the stored one, else one the platform
 * issues by dynamic registration; and the store kept in step with it.
 */
final class Identities {

    private static final Logger log = LoggerFactory.getLogger(Identities.class);

    private final GatewayConfig config;
    private final DeviceId gateway;
    private final GatewayStore store;
    private final PendingReplies<String> registrations;

    Identities(GatewayConfig config, PendingReplies<String> registrations) {
        this.config = config;
        this.gateway = config.gateway();
        this.store = new GatewayStore(config.storeDir());
        this.registrations = registrations;
    }

    /** The identity to connect with, registering the gateway (replies on {@code listenerThread}) when it has none. */
    CompletableFuture<GatewayIdentity> resolve(Executor listenerThread) {
        String productSecret = config.productSecret().orElse(null);
        if (config.deviceSecret().isPresent()) {
            return CompletableFuture.completedFuture(new GatewayIdentity(gateway.productKey(), gateway.deviceName(),
                    config.deviceSecret().get(), productSecret));
        }
        Optional<GatewayIdentity> stored = store.read()
                .filter(id -> id.deviceId().equals(gateway) && id.deviceSecret() != null);
        if (stored.isPresent()) {
            return CompletableFuture.completedFuture(new GatewayIdentity(gateway.productKey(), gateway.deviceName(),
                    stored.get().deviceSecret(), productSecret));
        }
        log.info("Registering gateway {} ({})", gateway, config.registrationMode());
        return new DynamicRegistration(config, registrations).register(listenerThread).thenApply(secret -> {
            GatewayIdentity issued = new GatewayIdentity(gateway.productKey(), gateway.deviceName(), secret,
                    productSecret);
            // stored before connecting: the platform issues a secret only until the device is activated
            store.write(issued);
            return issued;
        });
    }

    MqttCredentials credentials(GatewayIdentity identity) {
        return MqttCredentials.forDevice(gateway, identity.deviceSecret(), SignMethod.HMAC_SHA256,
                Long.toString(System.currentTimeMillis()), config.endpoint().tls(), Map.of("lan", "Java"));
    }

    /** Keeps the store in step with the identity in use, as HaaS keeps its key-value store. */
    void remember(GatewayIdentity identity) {
        try {
            if (!store.read().equals(Optional.of(identity))) {
                store.write(identity);
            }
        } catch (GatewayException e) {
            log.warn("Connected, but the identity could not be stored: {}", e.getMessage());
        }
    }

    /** A registration still waiting for its reply fails with {@code error}. */
    void failAll(Throwable error) {
        registrations.failAll(error);
    }
}
