package io.alink.emulator.broker;

/** The answer to a CONNECT: accepted, or refused with the MQTT 3.1.1 CONNACK return code to send. */
public record ConnectDecision(boolean accepted, Refusal refusal, String reason) {

    /** CONNACK return codes of MQTT 3.1.1 that the platform uses. */
    public enum Refusal {
        /** 0x02 identifier rejected. */
        IDENTIFIER_REJECTED,
        /** 0x03 server unavailable (the platform's answer to a keepalive out of range). */
        SERVER_UNAVAILABLE,
        /** 0x04 bad user name or password (bad sign, bad token). */
        BAD_USERNAME_OR_PASSWORD,
        /** 0x05 not authorized (unknown or disabled device). */
        NOT_AUTHORIZED
    }

    public static ConnectDecision accept() {
        return new ConnectDecision(true, null, "accepted");
    }

    public static ConnectDecision refuse(Refusal refusal, String reason) {
        return new ConnectDecision(false, refusal, reason);
    }
}
