package io.alink.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One event of a {@code text/event-stream}: its id (what a reconnecting EventSource sends back as
 * {@code Last-Event-ID}; null for none), its type (the browser's event name; null for {@code message}) and its data.
 */
public record ServerSentEvent(String id, String type, String data) {

    public ServerSentEvent {
        Objects.requireNonNull(data, "data");
        requireOneLine(id, "id");
        requireOneLine(type, "type");
    }

    /** The event on the wire: a line of data each, as the format has no escape for a line break. */
    byte[] frame() {
        StringBuilder frame = new StringBuilder(data.length() + 32);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        if (type != null) {
            frame.append("event: ").append(type).append('\n');
        }
        for (String line : data.split("\r\n|\r|\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void requireOneLine(String field, String name) {
        if (field != null && (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("an event's " + name + " is one line");
        }
    }
}
