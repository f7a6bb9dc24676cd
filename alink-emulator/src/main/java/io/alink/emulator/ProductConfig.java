package io.alink.emulator;

import java.util.List;
import java.util.Objects;

/**
 * A product as configured: its key, secret (for dynamic registration), node type, whether dynamic registration is
 * allowed, and its pre-registered devices. {@link #toString()} hides the secret.
 */
public record ProductConfig(String productKey, String productSecret, NodeType nodeType, boolean dynamicRegistration,
                            List<DeviceConfig> devices) {

    public ProductConfig {
        Objects.requireNonNull(productKey, "productKey");
        Objects.requireNonNull(nodeType, "nodeType");
        devices = List.copyOf(devices == null ? List.of() : devices);
    }

    @Override
    public String toString() {
        return "ProductConfig[productKey=" + productKey + ", nodeType=" + nodeType + ", dynamicRegistration="
                + dynamicRegistration + ", devices=" + devices + "]";
    }
}
