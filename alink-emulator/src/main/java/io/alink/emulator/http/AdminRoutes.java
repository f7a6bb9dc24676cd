package io.alink.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.DeviceView;
import io.alink.emulator.EmulatorAdmin;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.ProductConfig;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.emulator.config.ProductNodes;
import io.alink.http.HttpCall;
import io.alink.http.HttpError;
import io.alink.http.Routes;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicLevel;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The admin REST API's routes: JSON in, JSON out, each a thin translation onto {@link EmulatorAdmin}. */
final class AdminRoutes {
    static final int DEFAULT_TIMEOUT_MS = 5000;
    static final int MAX_TIMEOUT_MS = 60_000;
    static final int DEFAULT_MESSAGE_LIMIT = 100;
    static final int MAX_MESSAGE_LIMIT = 100_000;
    /** Past the admin's own timeout, how long to wait before answering 504 anyway, so no HTTP call can hang. */
    private static final Duration TIMEOUT_GRACE = Duration.ofSeconds(2);
    private static final Set<String> NEW_DEVICE_KEYS = Set.of("productKey", "deviceName", "deviceSecret");
    private static final Set<String> TOPO_KEYS = Set.of("productKey", "deviceName");

    private final EmulatorAdmin admin;

    AdminRoutes(EmulatorAdmin admin) {
        this.admin = admin;
    }

    void register(Routes routes) {
        routes.add("GET", "/api/devices", this::listDevices)
                .add("POST", "/api/devices", this::createDevice)
                .add("GET", "/api/devices/{pk}/{dn}", this::getDevice)
                .add("POST", "/api/devices/{pk}/{dn}/services/{identifier}", this::invokeService)
                .add("GET", "/api/devices/{pk}/{dn}/properties", this::getProperties)
                .add("POST", "/api/devices/{pk}/{dn}/properties", this::setProperties)
                .add("POST", "/api/devices/{pk}/{dn}/enable", call -> setEnabled(call, true))
                .add("POST", "/api/devices/{pk}/{dn}/disable", call -> setEnabled(call, false))
                .add("POST", "/api/devices/{pk}/{dn}/topo", this::addTopo)
                .add("DELETE", "/api/devices/{pk}/{dn}/topo/{subPk}/{subDn}", this::deleteTopo)
                .add("POST", "/api/products", this::createProduct)
                .add("GET", "/api/messages", this::messages);
    }

    private void listDevices(HttpCall call) {
        ArrayNode devices = AlinkJson.MAPPER.createArrayNode();
        admin.devices().forEach(device -> devices.add(summary(device)));
        call.json(200, devices);
    }

    private void getDevice(HttpCall call) {
        DeviceId id = device(call, "pk", "dn");
        DeviceView device = admin.device(id).orElseThrow(() -> new HttpError(404, "no device " + id));
        call.json(200, detail(device));
    }

    private void createProduct(HttpCall call) throws Exception {
        ProductConfig product = fromBody(() -> ProductNodes.product(call.jsonObject(), ""));
        admin.createProduct(product);
        ObjectNode created = AlinkJson.object();
        created.put("productKey", product.productKey());
        created.put("nodeType", product.nodeType().name());
        created.put("dynamicRegistration", product.dynamicRegistration());
        ArrayNode devices = created.putArray("devices");
        product.devices().forEach(d -> devices.addObject().put("deviceName", d.deviceName()));
        call.json(201, created);
    }

    private void createDevice(HttpCall call) throws Exception {
        ObjectNode body = call.jsonObject();
        String productKey = fromBody(() -> ConfigNodes.requiredName(body, "", "productKey"));
        DeviceConfig device = fromBody(() -> ProductNodes.device(body, "", NEW_DEVICE_KEYS));
        admin.createDevice(productKey, device);
        DeviceId id = DeviceId.of(productKey, device.deviceName());
        call.json(201, admin.device(id).map(AdminRoutes::detail).orElseGet(() -> identity(id)));
    }

    private void setEnabled(HttpCall call, boolean enabled) {
        admin.setEnabled(device(call, "pk", "dn"), enabled);
        call.noContent();
    }

    private void addTopo(HttpCall call) throws Exception {
        DeviceId gateway = device(call, "pk", "dn");
        ObjectNode body = call.jsonObject();
        DeviceId sub = fromBody(() -> {
            ConfigNodes.object(body, "", TOPO_KEYS);
            return DeviceId.of(ConfigNodes.requiredName(body, "", "productKey"),
                    ConfigNodes.requiredName(body, "", "deviceName"));
        });
        admin.addTopo(gateway, sub);
        call.noContent();
    }

    private void deleteTopo(HttpCall call) {
        admin.deleteTopo(device(call, "pk", "dn"), device(call, "subPk", "subDn"));
        call.noContent();
    }

    private void invokeService(HttpCall call) {
        DeviceId device = device(call, "pk", "dn");
        String identifier = call.variable("identifier");
        TopicLevel.IDENTIFIER.problem(identifier).ifPresent(problem -> {
            throw HttpError.badRequest("the service identifier " + problem);
        });
        int timeoutMs = timeoutMs(call);
        JsonNode params = call.jsonObjectOrEmpty();
        answerWhenReplied(call, device, timeoutMs,
                admin.invokeService(device, identifier, params, Duration.ofMillis(timeoutMs)));
    }

    /** {@code {"<identifier>": {"value": .., "time": <epoch ms>}}}: the latest value of each property. */
    private void getProperties(HttpCall call) {
        ObjectNode properties = AlinkJson.object();
        admin.properties(device(call, "pk", "dn")).forEach((identifier, latest) ->
                properties.set(identifier, latest.toJson()));
        call.json(200, properties);
    }

    private void setProperties(HttpCall call) {
        DeviceId device = device(call, "pk", "dn");
        int timeoutMs = timeoutMs(call);
        JsonNode params = call.jsonObject();
        answerWhenReplied(call, device, timeoutMs, admin.setProperties(device, params, Duration.ofMillis(timeoutMs)));
    }

    private void messages(HttpCall call) {
        String productKey = call.query("productKey").orElse(null);
        String deviceName = call.query("deviceName").orElse(null);
        if ((productKey == null) != (deviceName == null)) {
            throw HttpError.badRequest("give both productKey and deviceName, or neither for all devices");
        }
        DeviceId device = productKey == null ? null : deviceId(productKey, deviceName);
        int limit = intQuery(call, "limit", DEFAULT_MESSAGE_LIMIT, 1, MAX_MESSAGE_LIMIT);
        ArrayNode messages = AlinkJson.MAPPER.createArrayNode();
        for (MessageRecord record : admin.messages(device, limit)) {
            ObjectNode message = messages.addObject();
            message.put("time", record.timeMillis());
            message.put("topic", record.topic());
            String text = strictUtf8(record.payload());
            if (text != null) {
                message.put("payload", text);
            } else {
                message.put("payload", Base64.getEncoder().encodeToString(record.payload()));
                message.put("payloadEncoding", "base64");
            }
        }
        call.json(200, messages);
    }

    /**
     * Answers with the device's reply once it comes. Jetty writes without blocking, so answering on the thread that
     * completes the reply (the broker's) costs that thread no wait.
     */
    private void answerWhenReplied(HttpCall call, DeviceId device, int timeoutMs, CompletableFuture<AlinkReply> reply) {
        // A copy, so the safety net's timeout does not complete the admin's own future.
        call.later(reply.copy().orTimeout(timeoutMs + TIMEOUT_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .handle((answer, failure) -> {
                    if (failure == null) {
                        call.json(200, envelope(answer));
                    } else if (unwrap(failure) instanceof TimeoutException) {
                        call.error(504, "device " + device + " did not reply within " + timeoutMs + " ms");
                    } else {
                        // answered by the server: a refusal (offline: 409) with its status, anything else with 500
                        throw new CompletionException(failure);
                    }
                    return null;
                }));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The device named by two path variables; 400 when either could not be a productKey or deviceName. */
    static DeviceId device(HttpCall call, String productKeyVariable, String deviceNameVariable) {
        return deviceId(call.variable(productKeyVariable), call.variable(deviceNameVariable));
    }

    static DeviceId deviceId(String productKey, String deviceName) {
        try {
            return DeviceId.of(productKey, deviceName);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static int timeoutMs(HttpCall call) {
        return intQuery(call, "timeoutMs", DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
    }

    static int intQuery(HttpCall call, String name, int defaultValue, int min, int max) {
        String text = call.query(name).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Falls through to the same message as an out-of-range number.
        }
        throw HttpError.badRequest(name + " must be a whole number from " + min + " to " + max);
    }

    @FunctionalInterface
    private interface BodyReader<T> {
        T read() throws Exception;
    }

    /** Runs a body reader, turning its {@link ConfigException} into a 400 that names the field. */
    private static <T> T fromBody(BodyReader<T> reader) throws Exception {
        try {
            return reader.read();
        } catch (ConfigException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    /** The text, if the bytes are valid UTF-8; null otherwise (a lenient decode would hide binary payloads). */
    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static ObjectNode envelope(AlinkReply reply) {
        ObjectNode body = AlinkJson.object();
        body.put("id", reply.id());
        body.put("code", reply.code());
        body.set("data", reply.data());
        body.put("message", reply.message());
        return body;
    }

    private static ObjectNode identity(DeviceId id) {
        ObjectNode node = AlinkJson.object();
        node.put("productKey", id.productKey());
        node.put("deviceName", id.deviceName());
        return node;
    }

    static ObjectNode summary(DeviceView device) {
        ObjectNode node = identity(device.id());
        node.put("nodeType", device.nodeType().name());
        node.put("online", device.online());
        node.put("enabled", device.enabled());
        node.set("gateway", device.gateway() == null ? AlinkJson.nodes().nullNode() : identity(device.gateway()));
        return node;
    }

    static ObjectNode detail(DeviceView device) {
        ObjectNode node = summary(device);
        ArrayNode topo = node.putArray("topo");
        for (DeviceView.TopoEntry entry : device.topo()) {
            topo.addObject().put("productKey", entry.productKey()).put("deviceName", entry.deviceName())
                    .put("online", entry.online());
        }
        ObjectNode tags = node.putObject("tags");
        device.tags().forEach(tags::put);
        return node;
    }
}
