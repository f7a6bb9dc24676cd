package io.alink.emulator.platform;

import io.alink.emulator.AdminException;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.store.PlatformStore;
import io.alink.emulator.store.PlatformStore.StoredDevice;
import io.alink.emulator.store.PlatformStore.StoredProduct;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicLevel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Products, devices and topology: the platform's durable facts, cached in memory and written through to the store.
 * Thread-safe: every method holds this object's lock, which is never held while talking to the broker.
 */
final class Registry {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PlatformStore store;
    private final Map<String, StoredProduct> products = new LinkedHashMap<>();
    private final Map<DeviceId, StoredDevice> devices = new LinkedHashMap<>();
    private final Map<DeviceId, DeviceId> gatewayOf = new LinkedHashMap<>();
    private final Map<DeviceId, Set<DeviceId>> topoOf = new LinkedHashMap<>();

    Registry(PlatformStore store) {
        this.store = store;
        store.products().forEach(p -> products.put(p.productKey(), p));
        store.devices().forEach(d -> devices.put(d.id(), d));
        store.topology().forEach(t -> link(t.gateway(), t.subDevice()));
    }

    /**
     * Applies a config file's products over what the data folder holds. A secret the emulator issued (dynamic
     * registration) wins over a config entry without one; a config entry with a secret wins over the folder.
     */
    synchronized void applyConfig(List<ProductConfig> configured) {
        for (ProductConfig p : configured) {
            putProduct(p);
            for (DeviceConfig d : p.devices()) {
                DeviceId id = DeviceId.of(p.productKey(), d.deviceName());
                StoredDevice existing = devices.get(id);
                if (existing == null) {
                    putDevice(new StoredDevice(id, d.deviceSecret(), true, false, null));
                } else if (d.deviceSecret() != null && !d.deviceSecret().equals(existing.deviceSecret())) {
                    putDevice(new StoredDevice(id, d.deviceSecret(), existing.enabled(), existing.activated(),
                            existing.deviceToken()));
                }
            }
        }
    }

    synchronized void createProduct(ProductConfig p) {
        if (products.containsKey(p.productKey())) {
            throw new AdminException(409, "product " + p.productKey() + " already exists");
        }
        requireValidPart("productKey", p.productKey());
        for (DeviceConfig d : p.devices()) {
            requireValidPart("deviceName", d.deviceName());
        }
        putProduct(p);
        for (DeviceConfig d : p.devices()) {
            putDevice(new StoredDevice(DeviceId.of(p.productKey(), d.deviceName()), d.deviceSecret(), true, false, null));
        }
    }

    synchronized void createDevice(String productKey, DeviceConfig d) {
        if (!products.containsKey(productKey)) {
            throw new AdminException(404, "product " + productKey + " does not exist");
        }
        requireValidPart("deviceName", d.deviceName());
        DeviceId id = DeviceId.of(productKey, d.deviceName());
        if (devices.containsKey(id)) {
            throw new AdminException(409, "device " + id + " already exists");
        }
        putDevice(new StoredDevice(id, d.deviceSecret(), true, false, null));
    }

    private static void requireValidPart(String field, String value) {
        TopicLevel.DEVICE_PART.problem(value).ifPresent(problem -> {
            throw new AdminException(400, field + " " + problem);
        });
    }

    private void putProduct(ProductConfig p) {
        StoredProduct stored = new StoredProduct(p.productKey(), p.productSecret(), p.nodeType(), p.dynamicRegistration());
        store.saveProduct(stored);
        products.put(p.productKey(), stored);
    }

    private void putDevice(StoredDevice d) {
        store.saveDevice(d);
        devices.put(d.id(), d);
    }

    synchronized Optional<StoredProduct> product(String productKey) {
        return Optional.ofNullable(products.get(productKey));
    }

    /** 404 for an unknown device, 400 for a device of another node type. */
    synchronized void requireKind(DeviceId id, NodeType type) {
        requireDevice(id);
        if (nodeType(id) != type) {
            throw new AdminException(400, id + " is not a " + type);
        }
    }

    /** Forgets a device: its record and its topology relations, as a sub-device and as a gateway. 404 if unknown. */
    synchronized void deleteDevice(DeviceId id) {
        requireDevice(id);
        DeviceId gateway = gatewayOf.get(id);
        if (gateway != null) {
            store.deleteTopo(id);
            unlink(gateway, id);
        }
        for (DeviceId sub : new ArrayList<>(topoOf.getOrDefault(id, Set.of()))) {
            store.deleteTopo(sub);
            unlink(id, sub);
        }
        topoOf.remove(id);
        store.deleteDevice(id);
        devices.remove(id);
    }

    synchronized Optional<StoredDevice> device(DeviceId id) {
        return Optional.ofNullable(devices.get(id));
    }

    synchronized NodeType nodeType(DeviceId id) {
        StoredProduct p = products.get(id.productKey());
        return p == null ? null : p.nodeType();
    }

    synchronized List<StoredDevice> devices() {
        return new ArrayList<>(devices.values());
    }

    synchronized void setEnabled(DeviceId id, boolean enabled) {
        StoredDevice d = requireDevice(id);
        putDevice(new StoredDevice(id, d.deviceSecret(), enabled, d.activated(), d.deviceToken()));
    }

    /** Marks a device as used: from now on dynamic registration refuses to issue it another secret. */
    synchronized void activate(DeviceId id) {
        StoredDevice d = devices.get(id);
        if (d != null && !d.activated()) {
            putDevice(new StoredDevice(id, d.deviceSecret(), d.enabled(), true, d.deviceToken()));
        }
    }

    /** Issues and stores a fresh device secret (dynamic registration: the last one issued wins). */
    synchronized String issueSecret(DeviceId id) {
        StoredDevice d = requireDevice(id);
        String secret = HexFormat.of().formatHex(randomBytes(16));
        putDevice(new StoredDevice(id, secret, d.enabled(), d.activated(), d.deviceToken()));
        return secret;
    }

    /** Registers a device without a pre-registered name (regnwl) if needed, and issues it a connection token. */
    synchronized String issueToken(DeviceId id) {
        StoredDevice d = devices.get(id);
        String token = HexFormat.of().formatHex(randomBytes(16));
        putDevice(d == null ? new StoredDevice(id, null, true, false, token)
                : new StoredDevice(id, d.deviceSecret(), d.enabled(), d.activated(), token));
        return token;
    }

    private StoredDevice requireDevice(DeviceId id) {
        StoredDevice d = devices.get(id);
        if (d == null) {
            throw new AdminException(404, "device " + id + " does not exist");
        }
        return d;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    // ---- topology -----------------------------------------------------------------------------------------------

    synchronized Optional<DeviceId> gatewayOf(DeviceId subDevice) {
        return Optional.ofNullable(gatewayOf.get(subDevice));
    }

    synchronized List<DeviceId> topo(DeviceId gateway) {
        return new ArrayList<>(topoOf.getOrDefault(gateway, Set.of()));
    }

    synchronized int topoSize(DeviceId gateway) {
        return topoOf.getOrDefault(gateway, Set.of()).size();
    }

    /** Adds relations; returns, for each sub-device that had another gateway, that previous gateway. */
    synchronized Map<DeviceId, DeviceId> addTopo(DeviceId gateway, List<DeviceId> subDevices) {
        Map<DeviceId, DeviceId> replaced = new LinkedHashMap<>();
        for (DeviceId sub : subDevices) {
            DeviceId previous = gatewayOf.get(sub);
            if (previous != null && !previous.equals(gateway)) {
                replaced.put(sub, previous);
                unlink(previous, sub);
            }
            if (!gateway.equals(previous)) {
                store.saveTopo(gateway, sub);
                link(gateway, sub);
            }
        }
        return replaced;
    }

    /** Deletes relations of this gateway; sub-devices not in its topology are left alone. */
    synchronized void deleteTopo(DeviceId gateway, List<DeviceId> subDevices) {
        for (DeviceId sub : subDevices) {
            if (gateway.equals(gatewayOf.get(sub))) {
                store.deleteTopo(sub);
                unlink(gateway, sub);
            }
        }
    }

    private void link(DeviceId gateway, DeviceId sub) {
        gatewayOf.put(sub, gateway);
        topoOf.computeIfAbsent(gateway, g -> new LinkedHashSet<>()).add(sub);
    }

    private void unlink(DeviceId gateway, DeviceId sub) {
        gatewayOf.remove(sub);
        Set<DeviceId> subs = topoOf.get(gateway);
        if (subs != null) {
            subs.remove(sub);
        }
    }
}
