package io.alink.examples;

import io.alink.gateway.Gateway;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * connect - 连接物联网平台, with the seed's {@code dev_register_info}: only the productSecret, so the gateway (gw02,
 * created without a secret) registers itself first. Prints {@code 物联网平台连接成功} once connected.
 */
public final class ConnectExample {

    private ConnectExample() {
    }

    public static void main(String[] args) {
        Map<String, Object> devRegisterInfo = new HashMap<>();
        devRegisterInfo.put("productKey", ExampleSupport.PRODUCT_KEY);
        devRegisterInfo.put("deviceName", "gw02");
        devRegisterInfo.put("productSecret", ExampleSupport.PRODUCT_SECRET);
        devRegisterInfo.put("endpoint", ExampleSupport.endpoint());
        // the emulator's MQTT port serves registration too; HTTPS registration would need its HTTP port as well
        devRegisterInfo.put("registerMode", "mqtt");

        Gateway aliyunIoTGateway = ExampleSupport.newGateway("gw02");
        AtomicBoolean iotConnected = new AtomicBoolean();
        aliyunIoTGateway.on(Gateway.ON_CONNECT, data -> iotConnected.set(true));
        aliyunIoTGateway.connect(devRegisterInfo);

        ExampleSupport.waitUntil(iotConnected::get, "sleep for 1 s");
        System.out.println("物联网平台连接成功");

        System.out.println("sleep for 2s");
        aliyunIoTGateway.end();
        ExampleSupport.sleepSeconds(2);
    }
}
