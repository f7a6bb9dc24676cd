package io.alink.examples;

import io.alink.gateway.Gateway;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * What the seed's examples leave as placeholders ("产品key", "设备名称" ...), filled in for a local emulator started
 * with {@code ./alink emulator}: its public demo identities and its address. Overridable with system properties:
 * {@code alink.host} (127.0.0.1), {@code alink.port} (1883), {@code alink.store} (~/.alink/examples), and
 * {@code alink.examples.secondMillis} (how long the seed's one-second sleeps last; 1000).
 */
final class ExampleSupport {

    static final String PRODUCT_KEY = "a1GwPk0001";
    static final String PRODUCT_SECRET = "GwProductSecret001";
    static final String DEVICE_NAME = "gw01";
    static final String DEVICE_SECRET = "GwSecret0123456789abcdef01234567";
    static final String SUB_PRODUCT_KEY = "a1SubPk001";
    static final String SUB_PRODUCT_SECRET = "SubProductSecret01";
    /** The seed gives up never; a runnable example gives up after this many seconds of waiting. */
    private static final int MAX_WAITS = 30;

    private ExampleSupport() {
    }

    /** A gateway whose store is this device's own folder, as HaaS keeps one key-value store per device. */
    static Gateway newGateway(String deviceName) {
        return new Gateway(Path.of(System.getProperty("alink.store",
                Path.of(System.getProperty("user.home"), ".alink", "examples").toString())).resolve(deviceName));
    }

    static Map<String, Object> endpoint() {
        return Map.of("host", System.getProperty("alink.host", "127.0.0.1"),
                "port", Integer.getInteger("alink.port", 1883), "tls", false);
    }

    /** The seed's {@code key_info}, for the gateway gw01. */
    static Map<String, Object> keyInfo() {
        Map<String, Object> keyInfo = new HashMap<>();
        keyInfo.put("region", "cn-shanghai");
        keyInfo.put("productKey", PRODUCT_KEY);
        keyInfo.put("deviceName", DEVICE_NAME);
        keyInfo.put("deviceSecret", DEVICE_SECRET);
        keyInfo.put("keepaliveSec", 60);
        keyInfo.put("endpoint", endpoint());
        return keyInfo;
    }

    /** The seed's {@code subdev_info}. */
    static List<Map<String, Object>> subdevInfo() {
        return List.of(
                Map.of("productKey", SUB_PRODUCT_KEY, "deviceName", "sub01",
                        "deviceSecret", "SubSecret01abcdef0123456789abcdef"),
                Map.of("productKey", SUB_PRODUCT_KEY, "deviceName", "sub02",
                        "deviceSecret", "SubSecret02abcdef0123456789abcdef"));
    }

    /** The seed's {@code subdev_register_info}: sub-devices 3 and 4, pre-created without a secret. */
    static List<Map<String, Object>> subdevRegisterInfo() {
        return List.of(
                Map.of("productKey", SUB_PRODUCT_KEY, "deviceName", "sub03", "productSecret", SUB_PRODUCT_SECRET),
                Map.of("productKey", SUB_PRODUCT_KEY, "deviceName", "sub04", "productSecret", SUB_PRODUCT_SECRET));
    }

    /** The seed's {@code topic_test_info}. */
    static Map<String, Object> topicTestInfo() {
        return Map.of("topic", "/" + PRODUCT_KEY + "/" + DEVICE_NAME + "/user/aos_test", "qos", 1,
                "payload", "device publish and subcribe test");
    }

    /** Connects gw01 without printing: for examples whose seed code assumes a connection. */
    static void connect(Gateway gateway) {
        AtomicBoolean connected = new AtomicBoolean();
        gateway.on(Gateway.ON_CONNECT, data -> connected.set(true));
        gateway.connect(keyInfo());
        waitUntil(connected::get, null);
    }

    /** The seed's {@code while(True): if flag: break; else: print(line); utime.sleep(1)}. */
    static void waitUntil(BooleanSupplier flag, String sleepLine) {
        // the bound is real time: tests shorten each waited "second", not how long a connection may take
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAITS);
        while (!flag.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("nothing happened within " + MAX_WAITS + " s: is the emulator running "
                        + "(./alink emulator) on " + endpoint().get("host") + ":" + endpoint().get("port") + "?");
            }
            if (sleepLine != null) {
                System.out.println(sleepLine);
            }
            sleepSeconds(1);
        }
    }

    static void sleepSeconds(int seconds) {
        try {
            Thread.sleep(seconds * Long.getLong("alink.examples.secondMillis", 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A map printed the way Python prints a dict; secrets replaced, as the seed document does in its outputs. */
    static String dict(Map<String, Object> map) {
        return map.entrySet().stream()
                .map(e -> "'" + e.getKey() + "': " + pythonValue(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String pythonValue(String key, Object value) {
        if (value == null) {
            return "None";
        }
        if (key.endsWith("Secret")) {
            return "'xxx'";
        }
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
