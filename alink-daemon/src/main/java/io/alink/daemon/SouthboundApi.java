package io.alink.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.daemon.connector.Connectors;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.InvalidRequestException;
import io.alink.gateway.ServiceReply;
import io.alink.http.ApiServer;
import io.alink.http.HttpCall;
import io.alink.http.HttpError;
import io.alink.http.Routes;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The southbound API's routes, for sub-device adapters written in any language: post properties and events of a
 * sub-device or of the gateway itself (answered 202 once journaled, so an accepted message survives a crash), fetch
 * the cloud's commands with a long poll and answer them, list the sub-devices, manage the outbox's dead letters
 * ({@link DeadLetterRoutes}), report firmware updates ({@link OtaRoutes}), read the metrics and the health.
 */
final class SouthboundApi {

    private static final Logger LOG = LoggerFactory.getLogger(SouthboundApi.class);
    /** The platform takes no message body larger than 256 KB, so no request body needs to be larger. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final Set<String> REPLY_KEYS = Set.of("code", "data", "message");
    /**
     * What a probe may ask without the token: whether the process serves and whether it is connected; and the status
     * page, which holds no data (its feed needs the token).
     */
    private static final Set<String> OPEN_ROUTES = Set.of("/healthz", "/readyz", StatusPage.PATH);

    private final GatewayClient client;
    private final SubDevices devices;
    private final Commands commands;
    private final DaemonMetrics metrics;
    private final Connectors connectors;
    private final DeadLetterRoutes deadLetters;
    private final OtaRoutes ota;
    private final DaemonStatus status;
    private final StatusPage statusPage;

    SouthboundApi(GatewayClient client, SubDevices devices, Commands commands, DaemonMetrics metrics,
                  Connectors connectors) {
        this.client = client;
        this.devices = devices;
        this.commands = commands;
        this.metrics = metrics;
        this.connectors = connectors;
        this.deadLetters = new DeadLetterRoutes(client);
        this.ota = new OtaRoutes(client, this::acceptingDevice);
        this.status = DaemonStatus.following(client, devices, connectors);
        this.statusPage = new StatusPage(status);
    }

    /**
     * Serves the routes on {@code host:port} (0 picks a free port), behind the bearer {@code token} unless it is
     * null. Handlers never wait: a long poll or a message waiting for its journal is answered later by whoever
     * completes it.
     *
     * @throws java.io.UncheckedIOException when it cannot listen
     */
    ApiServer serve(String host, int port, String token) {
        ApiServer.Builder builder = ApiServer.builder(routes()).host(host).port(port).name("gateway daemon")
                .maxBodyBytes(MAX_BODY_BYTES, "256 KB, the platform's limit for one message")
                .timing(metrics::request)
                .closing(statusPage);
        if (token != null) {
            builder.bearerToken(token, OPEN_ROUTES);
        }
        ApiServer server = builder.start();
        LOG.info("Southbound API listening on {}{}", server.uri(),
                token == null ? "" : " (bearer token required, but for /healthz and /readyz)");
        return server;
    }

    Routes routes() {
        Routes routes = new Routes()
                .add("POST", "/v1/devices/{pk}/{dn}/properties", this::postProperties)
                .add("POST", "/v1/devices/{pk}/{dn}/events/{eventId}", this::postEvent)
                .add("GET", "/v1/devices/{pk}/{dn}/commands", this::getCommands)
                .add("POST", "/v1/commands/{commandId}/reply", this::postReply)
                .add("GET", "/v1/devices", this::getDevices)
                .add("POST", "/v1/devices/{pk}/{dn}/ota/progress", ota::progress)
                .add("POST", "/v1/devices/{pk}/{dn}/version", ota::version)
                .add("GET", "/v1/outbox/dead-letters", deadLetters::list)
                .add("DELETE", "/v1/outbox/dead-letters/{seq}", deadLetters::remove)
                .add("POST", "/v1/outbox/dead-letters/{seq}/requeue", deadLetters::requeue)
                .add("GET", "/metrics", this::getMetrics)
                .add("GET", "/healthz", call -> call.json(200, AlinkJson.object().put("status", "serving")))
                .add("GET", "/readyz", this::getReadiness);
        statusPage.register(routes);
        return routes;
    }

    private void postProperties(HttpCall call) {
        DeviceId device = acceptingDevice(call);
        ObjectNode properties = call.jsonObject();
        if (properties.isEmpty()) {
            throw new HttpError(400, "expected at least one property");
        }
        journal(call, () -> client.enqueueProperties(device, properties));
    }

    private void postEvent(HttpCall call) {
        DeviceId device = acceptingDevice(call);
        String eventId = call.variable("eventId");
        ObjectNode value = call.jsonObject();
        journal(call, () -> client.enqueueEvent(device, eventId, value));
    }

    /** Answers 202 with the journal's sequence number once the message is on disk, not before. */
    private static void journal(HttpCall call, Supplier<CompletableFuture<Long>> enqueue) {
        CompletableFuture<Long> journaled;
        try {
            journaled = enqueue.get();
        } catch (InvalidRequestException e) {
            throw new HttpError(400, e.getMessage());
        }
        call.later(journaled.handle((seq, error) -> {
            if (error == null) {
                call.json(202, AlinkJson.object().put("seq", seq));
            } else {
                call.error(503, "not journaled: " + unwrap(error).getMessage());
            }
            return null;
        }));
    }

    private void getCommands(HttpCall call) {
        DeviceId device = configuredDevice(call);
        Duration wait = call.query("waitMs").map(SouthboundApi::waitOf).orElse(Duration.ZERO);
        call.later(commands.poll(device, wait).thenAccept(fetched -> {
            ArrayNode array = AlinkJson.nodes().arrayNode();
            fetched.forEach(command -> {
                ObjectNode entry = array.addObject()
                        .put("commandId", command.id())
                        .put("kind", command.kind())
                        .put("identifier", command.identifier());
                entry.set("params", command.params());
                if (command.deadline() != null) {
                    // a sync call: the cloud takes no reply after this
                    entry.put("deadlineMillis", command.deadline().toEpochMilli());
                }
            });
            call.json(200, array);
        }));
    }

    private static Duration waitOf(String waitMs) {
        try {
            long millis = Long.parseLong(waitMs);
            if (millis >= 0) {
                return Duration.ofMillis(Math.min(millis, MAX_WAIT.toMillis()));
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new HttpError(400, "waitMs must be a whole number of milliseconds from 0 (at most "
                + MAX_WAIT.toMillis() + " is waited)");
    }

    private void postReply(HttpCall call) {
        ObjectNode body = call.jsonObject();
        for (Iterator<String> keys = body.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!REPLY_KEYS.contains(key)) {
                throw new HttpError(400, "unknown key '" + key + "'; expected code, data and message");
            }
        }
        JsonNode code = body.get("code");
        if (code == null || !code.isIntegralNumber() || !code.canConvertToInt()) {
            throw new HttpError(400, "code is required: a whole number, 200 for success");
        }
        JsonNode message = body.get("message");
        if (message != null && !message.isTextual()) {
            throw new HttpError(400, "message must be a string");
        }
        ServiceReply reply = new ServiceReply(code.intValue(), body.get("data"),
                message == null ? null : message.asText());
        String commandId = call.variable("commandId");
        switch (commands.reply(commandId, reply)) {
            case SENT -> call.noContent();
            case LATE -> throw new HttpError(410, "command " + commandId + " is a sync call whose deadline ("
                    + commands.missedDeadline(commandId).map(Object::toString).orElse("unknown")
                    + ") passed: the cloud stopped waiting, so the reply was not sent");
            case UNKNOWN -> throw new HttpError(404, "no command " + commandId
                    + " waits for a reply: unknown, already answered, or timed out");
        }
    }

    private void getDevices(HttpCall call) {
        call.json(200, status.devices());
    }

    private void getMetrics(HttpCall call) {
        DaemonMetrics.Scrape scrape = metrics.scrape(call.header("Accept").orElse(""));
        call.send(200, scrape.contentType(), scrape.text().getBytes(StandardCharsets.UTF_8));
    }

    /** Ready while connected to the platform; the sub-device counts tell how far the bring-up got. */
    private void getReadiness(HttpCall call) {
        boolean connected = client.isConnected();
        ObjectNode body = AlinkJson.object();
        if (!connected) {
            body.put("error", HttpError.code(503)).put("message", "not connected to the platform");
        }
        body.put("ready", connected)
                .put("subDevicesOnline", connected ? client.loggedIn().size() : 0)
                .put("subDevicesConfigured", devices.size());
        call.json(connected ? 200 : 503, body);
    }

    /**
     * The gateway itself, or a configured sub-device the platform has not refused: a device whose messages can be
     * accepted.
     */
    private DeviceId acceptingDevice(HttpCall call) {
        DeviceId gateway = client.gatewayId();
        if (gateway.productKey().equals(call.variable("pk")) && gateway.deviceName().equals(call.variable("dn"))) {
            return gateway;
        }
        DeviceId device = configuredDevice(call);
        devices.refusal(device).ifPresent(refusal -> {
            throw new HttpError(409, device + " was refused by the platform (" + refusal + "); its messages are not"
                    + " accepted until the daemon restarts");
        });
        if (devices.isDisabled(device)) {
            throw new HttpError(409, device + " is disabled in the cloud; its messages are not accepted until the"
                    + " cloud enables it");
        }
        return device;
    }

    private DeviceId configuredDevice(HttpCall call) {
        String productKey = call.variable("pk");
        String deviceName = call.variable("dn");
        DeviceId device = DeviceId.isValidPart(productKey) && DeviceId.isValidPart(deviceName)
                ? DeviceId.of(productKey, deviceName) : null;
        if (device == null || !devices.isConfigured(device)) {
            throw new HttpError(404, "no sub-device " + productKey + "/" + deviceName + " in the configuration");
        }
        return device;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
