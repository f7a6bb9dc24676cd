package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The HaaS Python {@code aliyunIoT.Gateway}, in Java: the same method names, event constants and return conventions,
 * over {@link GatewayClient}.
 *
 * <pre>{@code
 * Gateway gateway = new Gateway();
 * gateway.on(Gateway.ON_CONNECT, data -> System.out.println("connected"));
 * gateway.connect(Map.of("productKey", pk, "deviceName", dn, "deviceSecret", ds, "keepaliveSec", 60));
 * }</pre>
 *
 * <p>Like the seed, request methods ({@code addTopo}, {@code getTopo}, {@code login}, {@code registerSubDevice},
 * {@code logout}, {@code removeTopo}, {@code connect}) return 0 once the request is on its way and report the outcome
 * through the event callback; {@code subscribe}, {@code unsubscribe} and {@code publish} return once the platform
 * acknowledged (or the request timeout passed). A non-zero return means nothing was done: {@link #ERR_INVALID_ARGUMENT}
 * for bad input, {@link #ERR_STATE} when not connected, or the failure's code.
 *
 * <p>Event payloads are maps shaped like the seed's dicts: every result event has {@code code} (0 on success, else
 * the platform's reply code or one of the {@code ERR_} codes) and {@code message}; list operations add
 * {@code devices}, a list of {@code {productKey, deviceName}} maps (with {@code deviceSecret} for
 * {@link #ON_SUBREGISTER}) that can be passed straight to the next call.
 */
public final class Gateway implements AutoCloseable {

    /** Connected (again, after a reconnection): {@code {code: 0, handle}}. */
    public static final int ON_CONNECT = 0;
    /** Connection lost, refused, or closed by {@link #end()}: {@code {code, message, handle}}. */
    public static final int ON_DISCONNECT = 1;
    /** A message on a topic subscribed with {@link #subscribe}: {@code {topic, payload}}. (The seed's spelling.) */
    public static final int ON_SUBCRIBE = 3;
    /** {@link #ON_SUBCRIBE}, spelled correctly. */
    public static final int ON_SUBSCRIBE = ON_SUBCRIBE;
    /** Sub-devices logged in: {@code {code, message, devices}}. */
    public static final int ON_LOGIN = 4;
    /** Sub-devices logged out: {@code {code, message, devices}}. */
    public static final int ON_LOGOUT = 5;
    /** Sub-devices added to the topology: {@code {code, message, devices}}. */
    public static final int ON_TOPOADD = 6;
    /** Sub-devices removed from the topology: {@code {code, message, devices}}. */
    public static final int ON_TOPOREMOVE = 7;
    /** {@code {code, message: <the topology as JSON text>, devices, topo: TopoList}}. */
    public static final int ON_TOPOGET = 8;
    /** {@code {code, message, devices: [{productKey, deviceName, deviceSecret}]}}. */
    public static final int ON_SUBREGISTER = 9;
    /**
     * A service call or property set (identifier {@value ServiceCall#PROPERTY_SET}) for the gateway or a logged-in
     * sub-device: {@code {code: 0, productKey, deviceName, msg_id, service_id, params: <JSON text>, params_len,
     * reply}}. Answer by calling {@code reply} (a {@link GatewayCallback}) once with {@code {code: 200, data: ...}};
     * {@code data} may be a map or JSON text. The HaaS Gateway lacks this event; its value is new.
     */
    public static final int ON_SERVICE = 10;

    /** Done, or started: the outcome follows as an event. */
    public static final int SUCCESS = 0;
    /** Bad input (missing identity field, bad topic, QoS, payload ...); nothing was sent. */
    public static final int ERR_INVALID_ARGUMENT = -1;
    /** Not connected (or, for {@link #connect}, already connected). */
    public static final int ERR_STATE = -2;
    /** The connection failed, was refused or lost. */
    public static final int ERR_CONNECTION = -3;
    /** No answer within the request timeout. */
    public static final int ERR_TIMEOUT = -4;
    /** Any other failure. */
    public static final int ERR_FAILED = -5;

    private static final int EVENTS = 11;

    private final Path storeDir;
    private final AtomicReferenceArray<GatewayCallback> callbacks = new AtomicReferenceArray<>(EVENTS);
    private volatile GatewayClient client;

    /** A gateway whose store is {@link GatewayConfig#defaultStoreDir()}. No I/O. */
    public Gateway() {
        this(GatewayConfig.defaultStoreDir());
    }

    /**
     * A gateway keeping its identity in {@code storeDir}. No I/O.
     *
     * @param storeDir the store folder (see {@link GatewayConfig.Builder#storeDir})
     */
    public Gateway(Path storeDir) {
        this.storeDir = storeDir;
    }

    /**
     * Registers {@code cb} for {@code event}.
     *
     * @param event one of the {@code ON_} constants
     * @param cb    the callback; null removes the one registered
     * @return 0, or {@link #ERR_INVALID_ARGUMENT} for an unknown event
     */
    public int on(int event, GatewayCallback cb) {
        if (event < 0 || event >= EVENTS) {
            return ERR_INVALID_ARGUMENT;
        }
        callbacks.set(event, cb);
        return SUCCESS;
    }

    /**
     * Starts connecting with the seed's keys {@code productKey, deviceName, deviceSecret | productSecret, region,
     * keepaliveSec}, and these Java additions: {@code endpoint} (map {@code host, port, tls}; default the platform's
     * host for the region, over TLS), {@code caFile}, {@code registerMode} ({@code https} or {@code mqtt}),
     * {@code registerUrl}, {@code requestTimeoutMs}. {@link #ON_CONNECT} follows, or {@link #ON_DISCONNECT} with the
     * failure (its message says what to check when the platform refuses the gateway).
     *
     * @param data the connection's settings, as the seed's dict
     * @return 0 when started; {@link #ERR_STATE} when already connected or connecting, {@link #ERR_INVALID_ARGUMENT}
     *         for missing or bad settings
     */
    public int connect(Map<String, ?> data) {
        if (client != null) {
            return ERR_STATE;
        }
        GatewayConfig config;
        try {
            config = configOf(data);
        } catch (InvalidRequestException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            return ERR_INVALID_ARGUMENT;
        }
        GatewayClient created = GatewayClient.create(config);
        created.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(boolean reconnect) {
                fire(ON_CONNECT, result(SUCCESS, "success", "handle", created));
            }

            @Override
            public void disconnected(Throwable cause) {
                fire(ON_DISCONNECT, result(codeOf(cause), messageOf(cause), "handle", created));
            }
        });
        created.onServiceCall(this::onService);
        client = created;
        created.connect().whenComplete((identity, error) -> {
            if (error != null) {
                client = null;
                created.closeAsync();
                fire(ON_DISCONNECT, result(codeOf(error), messageOf(error), "handle", created));
            }
        });
        return SUCCESS;
    }

    private GatewayConfig configOf(Map<String, ?> data) {
        if (data == null) {
            throw new InvalidRequestException("connect data is missing");
        }
        GatewayConfig.Builder builder = GatewayConfig.builder()
                .productKey(text(data, "productKey"))
                .deviceName(text(data, "deviceName"))
                .deviceSecret(text(data, "deviceSecret"))
                .productSecret(text(data, "productSecret"))
                .storeDir(storeDir);
        if (data.get("region") != null) {
            builder.region(text(data, "region"));
        }
        if (data.get("keepaliveSec") != null) {
            builder.keepAliveSeconds(((Number) data.get("keepaliveSec")).intValue());
        }
        if (data.get("endpoint") instanceof Map<?, ?> endpoint) {
            builder.endpoint(text(endpoint, "host"), ((Number) endpoint.get("port")).intValue(),
                    !Boolean.FALSE.equals(endpoint.get("tls")));
        }
        if (data.get("caFile") != null) {
            builder.caFile(Path.of(text(data, "caFile")));
        }
        if (data.get("registerMode") != null) {
            builder.registrationMode(RegistrationMode.valueOf(text(data, "registerMode").toUpperCase(Locale.ROOT)));
        }
        if (data.get("registerUrl") != null) {
            builder.registrationUri(URI.create(text(data, "registerUrl")));
        }
        if (data.get("requestTimeoutMs") != null) {
            builder.requestTimeout(Duration.ofMillis(((Number) data.get("requestTimeoutMs")).longValue()));
        }
        return builder.build();
    }

    /**
     * {@return what is stored on this device: {@code {productKey, deviceName, deviceSecret, productSecret}} (a secret
     * is null when unknown), including a deviceSecret issued by dynamic registration; null before anything was stored}
     */
    public Map<String, Object> getGatewayInfo() {
        try {
            return new GatewayStore(storeDir).read().map(identity -> {
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("productSecret", identity.productSecret());
                info.put("productKey", identity.productKey());
                info.put("deviceName", identity.deviceName());
                info.put("deviceSecret", identity.deviceSecret());
                return info;
            }).orElse(null);
        } catch (GatewayException unreadable) {
            return null;
        }
    }

    /** {@return the typed client underneath, for code that wants the asynchronous API; null before {@link #connect}} */
    public GatewayClient getGatewayHandle() {
        return client;
    }

    /**
     * Asks the platform for the time; {@code cb} receives {@code {code: 0, year, month, day, hour, minute, second,
     * msecond, timestamp}} (timestamp in epoch milliseconds, calendar fields in UTC+8 like HaaS), or {@code {code,
     * message}} on failure.
     *
     * @param cb receives the time
     * @return this gateway when the request was sent, null when not (as documented by the seed)
     */
    public Gateway getNtpTime(GatewayCallback cb) {
        GatewayClient current = connected();
        if (current == null || cb == null) {
            return null;
        }
        current.ntpTime().whenComplete((time, error) -> {
            if (error != null) {
                cb.call(result(codeOf(error), messageOf(error)));
                return;
            }
            Map<String, Object> data = result(SUCCESS, "success");
            data.put("year", time.year());
            data.put("month", time.month());
            data.put("day", time.day());
            data.put("hour", time.hour());
            data.put("minute", time.minute());
            data.put("second", time.second());
            data.put("msecond", time.millisecond());
            data.put("timestamp", time.epochMillis());
            cb.call(data);
        });
        return this;
    }

    /**
     * Adds sub-devices to the topology; {@link #ON_TOPOADD} reports the outcome.
     *
     * @param subDevices maps of {@code productKey, deviceName, deviceSecret}
     * @return 0 when sent; {@link #ERR_STATE} when not connected, {@link #ERR_INVALID_ARGUMENT} for a bad entry
     */
    public int addTopo(List<? extends Map<String, ?>> subDevices) {
        return request(ON_TOPOADD, subDevices, Gateway::credentialsOf, (c, list) -> c.addTopo(list)
                .thenApply(topo -> devicesResult(topo.devices())));
    }

    /**
     * Asks for the topology; {@link #ON_TOPOGET} reports it.
     *
     * @return 0 when sent; {@link #ERR_STATE} when not connected
     */
    public int getTopo() {
        GatewayClient current = connected();
        if (current == null) {
            return ERR_STATE;
        }
        report(ON_TOPOGET, current.getTopo().thenApply(topo -> {
            Map<String, Object> data = devicesResult(topo.devices());
            // the seed puts the reply's data, as JSON text, under "message"
            data.put("message", topo.json());
            data.put("topo", topo);
            return data;
        }));
        return SUCCESS;
    }

    /**
     * Logs sub-devices in; {@link #ON_LOGIN} reports the outcome.
     *
     * @param subDevices maps of {@code productKey, deviceName, deviceSecret}
     * @return 0 when sent; {@link #ERR_STATE} when not connected, {@link #ERR_INVALID_ARGUMENT} for a bad entry
     */
    public int login(List<? extends Map<String, ?>> subDevices) {
        return request(ON_LOGIN, subDevices, Gateway::credentialsOf, (c, list) -> c.login(list)
                .thenApply(result -> devicesResult(result.devices())));
    }

    /**
     * Registers sub-devices; {@link #ON_SUBREGISTER} delivers the issued secrets.
     *
     * @param subDevices maps of {@code productKey, deviceName}; a {@code productSecret} is accepted and not needed: the
     *                   gateway's connection vouches for them
     * @return 0 when sent; {@link #ERR_STATE} when not connected, {@link #ERR_INVALID_ARGUMENT} for a bad entry
     */
    public int registerSubDevice(List<? extends Map<String, ?>> subDevices) {
        return request(ON_SUBREGISTER, subDevices, Gateway::deviceOf, (c, list) -> c.registerSubDevices(list)
                .thenApply(issued -> {
                    Map<String, Object> data = result(SUCCESS, "success");
                    data.put("devices", issued.stream().map(sub -> {
                        Map<String, Object> device = deviceMap(sub.device());
                        device.put("deviceSecret", sub.deviceSecret());
                        return device;
                    }).toList());
                    return data;
                }));
    }

    /**
     * Logs sub-devices out; {@link #ON_LOGOUT} reports the outcome.
     *
     * @param subDevices maps of {@code productKey, deviceName}
     * @return 0 when sent; {@link #ERR_STATE} when not connected, {@link #ERR_INVALID_ARGUMENT} for a bad entry
     */
    public int logout(List<? extends Map<String, ?>> subDevices) {
        return request(ON_LOGOUT, subDevices, Gateway::deviceOf, (c, list) -> c.logout(list)
                .thenApply(result -> devicesResult(result.devices())));
    }

    /**
     * Removes sub-devices from the topology; {@link #ON_TOPOREMOVE} reports the outcome.
     *
     * @param subDevices maps of {@code productKey, deviceName}
     * @return 0 when sent; {@link #ERR_STATE} when not connected, {@link #ERR_INVALID_ARGUMENT} for a bad entry
     */
    public int removeTopo(List<? extends Map<String, ?>> subDevices) {
        return request(ON_TOPOREMOVE, subDevices, Gateway::deviceOf, (c, list) -> c.removeTopo(list)
                .thenApply(topo -> devicesResult(topo.devices())));
    }

    /**
     * Subscribes {@code topic} at {@code qos}; its messages reach {@link #ON_SUBCRIBE}. Returns once acknowledged.
     *
     * @param data {@code {topic, qos}}; qos 0 when absent
     * @return 0 when subscribed, else a non-zero code
     */
    public int subscribe(Map<String, ?> data) {
        return acknowledged(data, (c, topic) -> c.subscribe(topic, qosOf(data), message -> {
            Map<String, Object> received = new LinkedHashMap<>();
            received.put("topic", message.topic());
            received.put("payload", message.payloadAsString());
            fire(ON_SUBCRIBE, received);
        }));
    }

    /**
     * Unsubscribes {@code topic}. Returns once acknowledged.
     *
     * @param data {@code {topic}}
     * @return 0 when unsubscribed, else a non-zero code
     */
    public int unsubscribe(Map<String, ?> data) {
        return acknowledged(data, GatewayClient::unsubscribe);
    }

    /**
     * Publishes {@code payload} (text, or bytes) to {@code topic} at {@code qos}. Returns once sent (QoS 0) or
     * acknowledged.
     *
     * @param data {@code {topic, payload, qos}}; qos 0 when absent
     * @return 0 when published, else a non-zero code
     */
    public int publish(Map<String, ?> data) {
        return acknowledged(data, (c, topic) -> {
            Object payload = data.get("payload");
            byte[] bytes = payload instanceof byte[] raw ? raw
                    : String.valueOf(payload == null ? "" : payload).getBytes(StandardCharsets.UTF_8);
            return c.publish(topic, bytes, qosOf(data));
        });
    }

    /**
     * Logs the logged-in sub-devices out, disconnects and releases the client's threads.
     *
     * @return 0
     */
    public int end() {
        GatewayClient current = client;
        client = null;
        if (current != null) {
            current.close();
        }
        return SUCCESS;
    }

    /** {@link #end()}, for try-with-resources. */
    @Override
    public void close() {
        end();
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private interface Operation<T, R> {
        CompletableFuture<R> run(GatewayClient client, T input);
    }

    private <T> int request(int event, List<? extends Map<String, ?>> subDevices, Function<Map<String, ?>, T> parse,
                            Operation<List<T>, Map<String, Object>> operation) {
        GatewayClient current = connected();
        if (current == null) {
            return ERR_STATE;
        }
        try {
            if (subDevices == null) {
                throw new InvalidRequestException("the list of sub-devices is missing");
            }
            List<T> parsed = new ArrayList<>();
            for (Map<String, ?> subDevice : subDevices) {
                parsed.add(parse.apply(subDevice));
            }
            report(event, operation.run(current, parsed));
            return SUCCESS;
        } catch (InvalidRequestException | ClassCastException | NullPointerException e) {
            return ERR_INVALID_ARGUMENT;
        }
    }

    private int acknowledged(Map<String, ?> data, Operation<String, Void> operation) {
        GatewayClient current = connected();
        if (current == null) {
            return ERR_STATE;
        }
        try {
            if (data == null) {
                throw new InvalidRequestException("topic data is missing");
            }
            operation.run(current, text(data, "topic")).join();
            return SUCCESS;
        } catch (InvalidRequestException | ClassCastException e) {
            return ERR_INVALID_ARGUMENT;
        } catch (CompletionException e) {
            return codeOf(e.getCause());
        }
    }

    private void report(int event, CompletableFuture<Map<String, Object>> outcome) {
        outcome.whenComplete((data, error) -> fire(event, error == null ? data
                : result(codeOf(error), messageOf(error))));
    }

    private void fire(int event, Map<String, Object> data) {
        GatewayCallback cb = callbacks.get(event);
        if (cb != null) {
            cb.call(data);
        }
    }

    private CompletableFuture<ServiceReply> onService(ServiceCall call) {
        GatewayCallback cb = callbacks.get(ON_SERVICE);
        if (cb == null) {
            return CompletableFuture.completedFuture(
                    ServiceReply.error(ReplyCode.SERVER_ERROR, "no ON_SERVICE callback"));
        }
        CompletableFuture<ServiceReply> reply = new CompletableFuture<>();
        String params = call.params().toString();
        Map<String, Object> data = result(SUCCESS, "success");
        data.put("productKey", call.device().productKey());
        data.put("deviceName", call.device().deviceName());
        data.put("msg_id", call.id());
        data.put("service_id", call.identifier());
        data.put("params", params);
        data.put("params_len", params.length());
        data.put("reply", (GatewayCallback) answer -> reply.complete(serviceReplyOf(answer)));
        cb.call(data);
        return reply;
    }

    private static ServiceReply serviceReplyOf(Map<String, Object> answer) {
        Object code = answer == null ? null : answer.get("code");
        Object data = answer == null ? null : answer.get("data");
        JsonNode json;
        try {
            json = data instanceof String text ? AlinkJson.parse(text) : AlinkJson.MAPPER.valueToTree(data);
        } catch (IllegalArgumentException notJson) {
            return ServiceReply.error(ReplyCode.SERVER_ERROR, "the ON_SERVICE reply data is not JSON");
        }
        return new ServiceReply(code instanceof Number n ? n.intValue() : ReplyCode.SUCCESS, json,
                answer == null ? null : (String) answer.get("message"));
    }

    private GatewayClient connected() {
        GatewayClient current = client;
        return current != null && current.isConnected() ? current : null;
    }

    /**
     * The event code of a failure: the platform's reply code, or {@link #ERR_INVALID_ARGUMENT},
     * {@link #ERR_CONNECTION}, {@link #ERR_TIMEOUT}, {@link #ERR_FAILED}.
     */
    static int codeOf(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof AlinkReplyException refused) {
            return refused.code();
        }
        if (cause instanceof InvalidRequestException) {
            return ERR_INVALID_ARGUMENT;
        }
        if (cause instanceof ConnectionException) {
            return ERR_CONNECTION;
        }
        return cause instanceof RequestTimeoutException ? ERR_TIMEOUT : ERR_FAILED;
    }

    private static String messageOf(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof AlinkReplyException refused) {
            return refused.platformMessage();
        }
        return cause == null ? "disconnected" : String.valueOf(cause.getMessage());
    }

    private static Map<String, Object> result(int code, String message, Object... more) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code);
        data.put("message", message);
        for (int i = 0; i + 1 < more.length; i += 2) {
            data.put((String) more[i], more[i + 1]);
        }
        return data;
    }

    private static Map<String, Object> devicesResult(Collection<DeviceId> devices) {
        Map<String, Object> data = result(SUCCESS, "success");
        data.put("devices", devices.stream().map(Gateway::deviceMap).toList());
        return data;
    }

    private static Map<String, Object> deviceMap(DeviceId device) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("productKey", device.productKey());
        map.put("deviceName", device.deviceName());
        return map;
    }

    private static SubDeviceCredentials credentialsOf(Map<String, ?> subDevice) {
        return new SubDeviceCredentials(deviceOf(subDevice), text(subDevice, "deviceSecret"), null);
    }

    private static DeviceId deviceOf(Map<String, ?> subDevice) {
        if (subDevice == null) {
            throw new InvalidRequestException("a sub-device entry is missing");
        }
        return Validation.deviceId(text(subDevice, "productKey"), text(subDevice, "deviceName"));
    }

    private static int qosOf(Map<String, ?> data) {
        Object qos = data.get("qos");
        return qos == null ? 0 : ((Number) qos).intValue();
    }

    private static String text(Map<?, ?> data, String key) {
        Object value = data.get(key);
        return value == null ? null : value.toString();
    }
}
