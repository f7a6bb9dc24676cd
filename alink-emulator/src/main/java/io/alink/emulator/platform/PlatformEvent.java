package io.alink.emulator.platform;

import io.alink.protocol.DeviceId;

/**
 * One decision of the platform or one message it carried, for the console's event log. No secret is shown from it:
 * a payload is read through {@link #redactedJson()} first, and a CONNECT's password is never put into one.
 *
 * @param device       the device it concerns; null when it named none the platform could read
 * @param clientId     the MQTT clientId of the connection; null when none is involved
 * @param topic        the topic or topic filter; null when none is involved
 * @param code         the refusal's code: a CONNACK refusal's name or an Alink reply code; null when none
 * @param reason       why, in words; null for a message
 * @param payload      a message's payload, if it is at most {@link PlatformEvents#MAX_PAYLOAD_BYTES}; else null
 * @param payloadBytes the payload's size; 0 when there is none
 */
public record PlatformEvent(long seq, long timeMillis, Kind kind, DeviceId device, String clientId, String topic,
                            String code, String reason, byte[] payload, int payloadBytes) {

    /** What happened. */
    public enum Kind {
        CONNECT_ACCEPTED,
        CONNECT_REFUSED,
        DISCONNECTED,
        /** A sub-device login (combine/login or batch_login) the platform answered with an error. */
        LOGIN_REFUSED,
        /** A request answered with 429: the device or gateway went over a rate. */
        RATE_LIMITED,
        /** Any other request answered with an error. */
        REQUEST_REFUSED,
        SUBSCRIBE_DENIED,
        PUBLISH_DENIED,
        /** A device-to-cloud message. */
        MESSAGE_UP,
        /** A cloud-to-device message: replies, service calls, property sets, notifications. */
        MESSAGE_DOWN
    }

    /**
     * The payload as JSON text with its secret fields masked ({@code deviceSecret}, {@code sign} ...); null when there
     * is no payload kept or it is not JSON (then it carries none of the platform's secrets). Worked out when asked, so
     * that recording a message costs a copy of at most {@link PlatformEvents#MAX_PAYLOAD_BYTES}, not a parse.
     */
    public String redactedJson() {
        return payload == null ? null : SecretFields.redact(payload);
    }
}
