package io.alink.daemon.connector;

import io.alink.protocol.DeviceId;
import java.time.Instant;

/**
 * What a connector knows of one field device's link, for {@code GET /v1/devices}.
 *
 * @param link          UP once a poll was answered, DOWN after one was not, UNKNOWN before the first poll ended
 * @param lastError     the last fault, with its time; null when there was none
 * @param lastGoodRead  when a poll was last answered; null before
 */
public record FieldStatus(String connector, DeviceId device, Link link, String lastError,
                          Instant lastErrorAt, Instant lastGoodRead) {

    public enum Link { UNKNOWN, UP, DOWN }
}
