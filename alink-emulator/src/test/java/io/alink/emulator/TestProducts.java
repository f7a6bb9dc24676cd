package io.alink.emulator;

import io.alink.protocol.DeviceId;
import java.util.ArrayList;
import java.util.List;

/** Identities the emulator tests share: one gateway product, one sub-device product, one without registration. */
public final class TestProducts {
    public static final String GW_PK = "a1GwPk0001";
    public static final String SUB_PK = "a1SubPk001";
    public static final String LOCKED_PK = "a1Locked01";
    public static final String GW_PRODUCT_SECRET = "GwProductSecret001";
    public static final String SUB_PRODUCT_SECRET = "SubProductSecret01";

    private TestProducts() {
    }

    public static DeviceId gateway(int n) {
        return DeviceId.of(GW_PK, "gw" + n);
    }

    public static DeviceId sub(int n) {
        return DeviceId.of(SUB_PK, "sub" + n);
    }

    public static String secretOf(DeviceId device) {
        return "secret-of-" + device.deviceName();
    }

    /** Gateways gw1-gw5 with secrets and gwNew without; sub1-sub40 with secrets and reg1-reg5 without. */
    public static EmulatorConfig.Builder config() {
        List<DeviceConfig> gateways = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            gateways.add(new DeviceConfig("gw" + i, secretOf(gateway(i))));
        }
        gateways.add(new DeviceConfig("gwNew", null));
        gateways.add(new DeviceConfig("gwNew2", null));
        List<DeviceConfig> subs = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            subs.add(new DeviceConfig("sub" + i, secretOf(sub(i))));
        }
        for (int i = 1; i <= 5; i++) {
            subs.add(new DeviceConfig("reg" + i, null));
        }
        return EmulatorConfig.builder().mqttPort(0).httpPort(0)
                .product(new ProductConfig(GW_PK, GW_PRODUCT_SECRET, NodeType.GATEWAY, true, gateways))
                .product(new ProductConfig(SUB_PK, SUB_PRODUCT_SECRET, NodeType.SUB_DEVICE, true, subs))
                .product(new ProductConfig(LOCKED_PK, "LockedSecret", NodeType.SUB_DEVICE, false,
                        List.of(new DeviceConfig("locked1", null))));
    }
}
