package io.alink.emulator.config;

import static io.alink.config.ConfigNodes.at;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Products and devices read out of a JSON tree: the emulator's YAML file and the admin API's bodies alike. */
public final class ProductNodes {

    private static final Set<String> PRODUCT_KEYS =
            Set.of("productKey", "productSecret", "nodeType", "dynamicRegistration", "devices");
    private static final Set<String> DEVICE_KEYS = Set.of("deviceName", "deviceSecret");

    private ProductNodes() {
    }

    /** A product object: {@code {productKey, productSecret?, nodeType, dynamicRegistration?, devices?}}. */
    public static ProductConfig product(JsonNode node, String path) throws ConfigException {
        ObjectNode product = ConfigNodes.object(node, path, PRODUCT_KEYS);
        String productKey = ConfigNodes.requiredName(product, path, "productKey");
        String productSecret = ConfigNodes.optionalText(product, path, "productSecret");
        NodeType nodeType = ConfigNodes.requiredEnum(product, path, "nodeType", NodeType.class);
        boolean dynamicRegistration = ConfigNodes.optionalBoolean(product, path, "dynamicRegistration", false);
        if (dynamicRegistration && productSecret == null) {
            throw new ConfigException(null, at(path, "productSecret"),
                    "is required when dynamicRegistration is true (it keys the registration sign)");
        }
        List<DeviceConfig> devices = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String devicesPath = at(path, "devices");
        Iterator<JsonNode> entries = ConfigNodes.list(product.get("devices"), devicesPath);
        for (int i = 0; entries.hasNext(); i++) {
            String devicePath = devicesPath + "[" + i + "]";
            DeviceConfig device = device(entries.next(), devicePath, DEVICE_KEYS);
            if (!names.add(device.deviceName())) {
                throw new ConfigException(null, at(devicePath, "deviceName"),
                        "duplicate deviceName '" + device.deviceName() + "' in product " + productKey);
            }
            devices.add(device);
        }
        return new ProductConfig(productKey, productSecret, nodeType, dynamicRegistration, devices);
    }

    /**
     * A device object {@code {deviceName, deviceSecret?}}, plus whatever other keys the caller reads itself
     * ({@code allowedKeys} must include deviceName and deviceSecret).
     */
    public static DeviceConfig device(JsonNode node, String path, Set<String> allowedKeys) throws ConfigException {
        ObjectNode device = ConfigNodes.object(node, path, allowedKeys);
        return new DeviceConfig(ConfigNodes.requiredName(device, path, "deviceName"), ConfigNodes.optionalText(device, path, "deviceSecret"));
    }

}
