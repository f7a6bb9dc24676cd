package io.alink.emulator.broker;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The few MQTT 3.1.1 packets a test writes to a plain socket when it must see the broker's packets in their order on
 * the wire, which a client library's futures do not show.
 */
final class RawMqtt {

    static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

    private RawMqtt() {
    }

    /** CONNECT with a clean session, a keep-alive of 60 s, a username and a password. */
    static byte[] connect(String clientId, String username, String password) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4);          // protocol level: 3.1.1
        body.write(0xC2);       // username, password, clean session
        body.write(0);
        body.write(60);
        string(body, clientId);
        string(body, username);
        string(body, password);
        return packet(0x10, body.toByteArray());
    }

    /** PUBLISH at QoS 1, not retained, not a duplicate. */
    static byte[] publishQos1(String topic, int packetId, String payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        body.write(packetId >> 8);
        body.write(packetId & 0xFF);
        body.writeBytes(payload.getBytes(UTF_8));
        return packet(0x32, body.toByteArray());
    }

    /**
     * Reads {@code count} PUBACKs and returns their packet ids in the order they arrived.
     *
     * @throws IllegalStateException when another packet comes first
     */
    static List<Integer> pubacks(DataInputStream in, int count) {
        List<Integer> packetIds = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                int type = in.readUnsignedByte();
                int length = in.readUnsignedByte();
                if (type != 0x40 || length != 2) {
                    throw new IllegalStateException("not a PUBACK: " + type + ", length " + length);
                }
                packetIds.add(in.readUnsignedShort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packetIds;
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    /** The fixed header (type and flags, then the remaining length as MQTT's variable-length integer), then the body. */
    private static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(firstByte);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        return packet.toByteArray();
    }
}
