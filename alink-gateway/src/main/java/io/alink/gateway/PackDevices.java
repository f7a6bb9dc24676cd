package io.alink.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sub-devices a journaled pack/post names ({@code params.subDevices[*].identity}), read in one streaming pass
 * that skips every value: what delivery needs to know of a fresh pack, whose values go as they are. Parsing the whole
 * pack into a tree was most of the outbox sender's time.
 */
final class PackDevices {

    private PackDevices() {
    }

    /**
     * @throws AlinkFormatException when the envelope is no JSON object, or an identity is not a valid device: the
     *                              full parse would refuse it as well
     */
    static List<DeviceId> of(byte[] envelope) {
        try (JsonParser parser = AlinkJson.MAPPER.createParser(envelope)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            List<DeviceId> devices = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (enter(parser, "params", JsonToken.START_OBJECT)) {
                    params(parser, devices);
                }
            }
            return devices;
        } catch (IOException e) {
            throw new AlinkFormatException("malformed JSON: " + e.getMessage(), e);
        }
    }

    private static void params(JsonParser parser, List<DeviceId> devices) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            if (enter(parser, "subDevices", JsonToken.START_ARRAY)) {
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    expect(token, JsonToken.START_OBJECT);
                    devices.add(entry(parser));
                }
            }
        }
    }

    /** One entry of subDevices, the parser on its start; only its identity is read. */
    private static DeviceId entry(JsonParser parser) throws IOException {
        DeviceId device = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            if (enter(parser, "identity", JsonToken.START_OBJECT)) {
                device = SubDeviceEntries.device(parser.readValueAsTree()).orElse(null);
            }
        }
        if (device == null) {
            throw new AlinkFormatException("a sub-device of the pack has no valid identity");
        }
        return device;
    }

    /**
     * Steps onto the value of the field the parser is on. True when it is field {@code wanted} starting with
     * {@code start}, for the caller to read; anything else is skipped whole.
     */
    private static boolean enter(JsonParser parser, String wanted, JsonToken start) throws IOException {
        boolean isWanted = wanted.equals(parser.currentName());
        if (parser.nextToken() == start && isWanted) {
            return true;
        }
        parser.skipChildren();
        return false;
    }

    private static void expect(JsonToken token, JsonToken expected) {
        if (token != expected) {
            throw new AlinkFormatException("expected " + expected + ", found " + token);
        }
    }
}
