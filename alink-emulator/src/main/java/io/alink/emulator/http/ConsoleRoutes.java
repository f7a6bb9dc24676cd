package io.alink.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.platform.PlatformEvent;
import io.alink.emulator.platform.PlatformEvents;
import io.alink.http.EventStreams;
import io.alink.http.HttpCall;
import io.alink.http.HttpError;
import io.alink.http.Routes;
import io.alink.http.ServerSentEvent;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the console page reads: the platform's event log ({@code GET /api/events}), the same events live as
 * Server-Sent Events ({@code GET /api/stream}), when each device was last seen and the tags devices reported.
 */
final class ConsoleRoutes implements AutoCloseable {
    /** Console pages open at once; each holds one connection, and the server has many more. */
    static final int MAX_STREAMS = 16;
    static final int DEFAULT_EVENT_LIMIT = 200;
    private static final String EVENT_TYPE = "platform";

    private final PlatformEvents events;
    /** The tags devices reported, as the platform's store keeps them. */
    private final Function<DeviceId, Map<String, String>> tags;
    private final EventStreams streams = new EventStreams("emulator-console", MAX_STREAMS);

    ConsoleRoutes(PlatformEvents events, Function<DeviceId, Map<String, String>> tags) {
        this.events = events;
        this.tags = tags;
        events.listen(event -> {
            // nothing to render for no one: recording stays cheap on the message path while no console is open
            if (streams.openStreams() > 0) {
                streams.publish(sse(event));
            }
        });
    }

    void register(Routes routes) {
        routes.add("GET", "/api/events", this::list)
                .add("GET", "/api/stream", this::stream)
                .add("GET", "/api/presence", this::presence)
                .add("GET", "/api/devices/{pk}/{dn}/tags", this::tags);
    }

    /** {@code ?since=<seq>} (exclusive), {@code device=<pk>/<dn>}, {@code topic=<part of the topic>}, {@code limit}. */
    private void list(HttpCall call) {
        long since = since(call.query("since").orElse(null));
        Predicate<PlatformEvent> filter = deviceFilter(call.query("device").orElse(null))
                .and(topicFilter(call.query("topic").orElse(null)));
        int limit = AdminRoutes.intQuery(call, "limit", DEFAULT_EVENT_LIMIT, 1, PlatformEvents.CAPACITY);
        ArrayNode list = AlinkJson.MAPPER.createArrayNode();
        events.after(since, filter, limit).forEach(event -> list.add(json(event)));
        call.json(200, list);
    }

    /** Live events; a reconnecting EventSource's {@code Last-Event-ID} (or {@code ?since=}) replays what it missed. */
    private void stream(HttpCall call) {
        long since = since(call.header("Last-Event-ID").or(() -> call.query("since")).orElse(null));
        // under the event log's lock: nothing is recorded between the replay and the stream's first live event
        events.followAfter(since, missed -> {
            streams.open(call, since < 0 ? List.of() : missed.stream().map(ConsoleRoutes::sse).toList());
            return null;
        });
    }

    private void presence(HttpCall call) {
        ArrayNode list = AlinkJson.MAPPER.createArrayNode();
        events.lastSeen().forEach((device, time) -> list.addObject().put("productKey", device.productKey())
                .put("deviceName", device.deviceName()).put("lastSeen", time));
        call.json(200, list);
    }

    private void tags(HttpCall call) {
        ObjectNode body = AlinkJson.object();
        tags.apply(AdminRoutes.device(call, "pk", "dn")).forEach(body::put);
        call.json(200, body);
    }

    /** -1, meaning none to replay, when absent. */
    private static long since(String text) {
        if (text == null) {
            return -1;
        }
        try {
            long since = Long.parseLong(text.strip());
            if (since >= 0) {
                return since;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpError.badRequest("since must be an event's seq, a whole number from 0");
    }

    private static Predicate<PlatformEvent> deviceFilter(String device) {
        if (device == null) {
            return event -> true;
        }
        int slash = device.indexOf('/');
        if (slash < 0) {
            throw HttpError.badRequest("device is productKey/deviceName");
        }
        DeviceId id = AdminRoutes.deviceId(device.substring(0, slash), device.substring(slash + 1));
        return event -> id.equals(event.device());
    }

    private static Predicate<PlatformEvent> topicFilter(String topic) {
        return topic == null ? event -> true : event -> event.topic() != null && event.topic().contains(topic);
    }

    private static ServerSentEvent sse(PlatformEvent event) {
        return new ServerSentEvent(Long.toString(event.seq()), EVENT_TYPE, json(event).toString());
    }

    static ObjectNode json(PlatformEvent event) {
        ObjectNode node = AlinkJson.object();
        node.put("seq", event.seq()).put("time", event.timeMillis()).put("kind", event.kind().name());
        if (event.device() != null) {
            node.put("productKey", event.device().productKey()).put("deviceName", event.device().deviceName());
        }
        putIfPresent(node, "clientId", event.clientId());
        putIfPresent(node, "topic", event.topic());
        putIfPresent(node, "code", event.code());
        putIfPresent(node, "reason", event.reason());
        if (event.payloadBytes() > 0) {
            node.put("payloadBytes", event.payloadBytes());
        }
        if (event.payload() != null) {
            String json = event.redactedJson();
            String text = json != null ? json : AdminRoutes.strictUtf8(event.payload());
            if (text != null) {
                node.put("payload", text);
            } else {
                node.put("payload", Base64.getEncoder().encodeToString(event.payload()));
                node.put("payloadEncoding", "base64");
            }
        }
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Ends the open streams; the server stops next. */
    @Override
    public void close() {
        streams.close();
    }
}
