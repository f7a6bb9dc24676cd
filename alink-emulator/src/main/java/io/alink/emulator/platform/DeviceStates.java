package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.AdminException;
import io.alink.emulator.DeviceStateAdmin;
import io.alink.emulator.platform.ShadowDocument.ShadowRefusal;
import io.alink.emulator.store.DeviceStateStore;
import io.alink.emulator.store.DeviceStateStore.Desired;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.ConfigFile;
import io.alink.protocol.DesiredValue;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ShadowMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link DeviceStateAdmin} over the platform's store, shadow service and configuration files. */
public final class DeviceStates implements DeviceStateAdmin {
    private final Registry registry;
    private final DeviceStateStore store;
    private final ShadowService shadows;
    private final RemoteConfigs configs;

    DeviceStates(Registry registry, DeviceStateStore store, ShadowService shadows, RemoteConfigs configs) {
        this.registry = registry;
        this.store = store;
        this.shadows = shadows;
        this.configs = configs;
    }

    /** Download links point at {@code base} ({@code http://127.0.0.1:<port>}), the admin HTTP server. */
    public void httpBase(String base) {
        configs.httpBase(base);
    }

    @Override
    public Map<String, String> tags(DeviceId device) {
        requireExists(device);
        return store.tags(device);
    }

    @Override
    public Map<String, DesiredValue> desired(DeviceId device) {
        requireExists(device);
        Map<String, DesiredValue> values = new LinkedHashMap<>();
        store.desired(device).forEach((identifier, desired) -> values.put(identifier, desiredValue(desired)));
        return values;
    }

    @Override
    public Map<String, DesiredValue> setDesired(DeviceId device, JsonNode values) {
        requireExists(device);
        if (values == null || !values.isObject() || values.isEmpty()) {
            throw new AdminException(400, "the body must be a JSON object of identifier: desired value");
        }
        synchronized (store) {
            Map<String, Desired> held = store.desired(device);
            Map<String, Desired> set = new LinkedHashMap<>();
            values.fields().forEachRemaining(field -> {
                Desired previous = held.get(field.getKey());
                set.put(field.getKey(), new Desired(field.getValue().toString(),
                        previous == null ? 1 : previous.version() + 1));
            });
            store.changeDesired(device, set, List.of());
        }
        return desired(device);
    }

    static DesiredValue desiredValue(Desired stored) {
        return new DesiredValue(AlinkJson.parse(stored.json()), stored.version());
    }

    @Override
    public ObjectNode shadow(DeviceId device) {
        requireExists(device);
        return shadows.document(device).toJson();
    }

    @Override
    public ObjectNode updateShadow(DeviceId device, JsonNode body) {
        requireExists(device);
        try {
            return shadows.updateDesired(device, body);
        } catch (ShadowRefusal refused) {
            int status = refused.code() == ShadowMessage.VERSION_CONFLICT ? 409 : 400;
            throw new ShadowRefusedException(status, refused.getMessage(), ShadowMessage.error(refused.code(),
                    refused.getMessage(), System.currentTimeMillis() / 1000));
        }
    }

    @Override
    public ConfigPush putConfig(String productKey, byte[] content) {
        RemoteConfigs.Pushed pushed = configs.put(productKey, content);
        return new ConfigPush(pushed.file(), pushed.devices());
    }

    @Override
    public Optional<ConfigFile> config(String productKey) {
        if (registry.product(productKey).isEmpty()) {
            throw new AdminException(404, "product " + productKey + " does not exist");
        }
        return configs.describe(productKey);
    }

    @Override
    public Optional<byte[]> download(String productKey, String configId, String expires, String signature) {
        return configs.download(productKey, configId, expires, signature);
    }

    private void requireExists(DeviceId device) {
        if (registry.device(device).isEmpty()) {
            throw new AdminException(404, "device " + device + " does not exist");
        }
    }
}
