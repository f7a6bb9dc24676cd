package io.alink.emulator.config;

import io.alink.emulator.DeviceConfig;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The product set an emulator starts with when no configuration file is given: one gateway product, one sub-device
 * product and one directly connected device product. These are public test identities, printed on purpose so a
 * person can connect a device to the emulator; they give access to nothing else.
 */
public final class DemoProducts {

    public static final String GATEWAY_PRODUCT_KEY = "a1GwPk0001";
    public static final String SUB_DEVICE_PRODUCT_KEY = "a1SubPk001";
    public static final String DEVICE_PRODUCT_KEY = "a1DevPk001";

    private static final List<ProductConfig> PRODUCTS = List.of(
            new ProductConfig(GATEWAY_PRODUCT_KEY, "GwProductSecret001", NodeType.GATEWAY, true, List.of(
                    new DeviceConfig("gw01", "GwSecret0123456789abcdef01234567"),
                    new DeviceConfig("gw02", null))),
            new ProductConfig(SUB_DEVICE_PRODUCT_KEY, "SubProductSecret01", NodeType.SUB_DEVICE, true, List.of(
                    new DeviceConfig("sub01", "SubSecret01abcdef0123456789abcdef"),
                    new DeviceConfig("sub02", "SubSecret02abcdef0123456789abcdef"),
                    new DeviceConfig("sub03", null),
                    new DeviceConfig("sub04", null))),
            new ProductConfig(DEVICE_PRODUCT_KEY, "DevProductSecret01", NodeType.DEVICE, false, List.of(
                    new DeviceConfig("dev01", "DevSecret01abcdef0123456789abcdef"))));

    private DemoProducts() {
    }

    public static List<ProductConfig> products() {
        return PRODUCTS;
    }

    /**
     * One line per product and per device, secrets included, for a person to copy from:
     * {@code product a1GwPk0001 GATEWAY productSecret=... dynamicRegistration=true} and
     * {@code   device a1GwPk0001/gw01 deviceSecret=...}.
     */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (ProductConfig product : PRODUCTS) {
            lines.add("product " + product.productKey() + " " + product.nodeType() + " productSecret="
                    + product.productSecret() + " dynamicRegistration=" + product.dynamicRegistration());
            for (DeviceConfig device : product.devices()) {
                lines.add("  device " + product.productKey() + "/" + device.deviceName() + (device.deviceSecret() == null
                        ? " (no secret yet: obtain one by dynamic registration)"
                        : " deviceSecret=" + device.deviceSecret()));
            }
        }
        return List.copyOf(lines);
    }
}
