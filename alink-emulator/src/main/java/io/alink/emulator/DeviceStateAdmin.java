package io.alink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.ConfigFile;
import io.alink.protocol.DeviceId;
import io.alink.protocol.DesiredValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the cloud keeps about devices beyond their properties, for the admin API and tests: tags, desired property
 * values, shadows and remote configuration files. Refusals are {@link AdminException}s (404 unknown device or
 * product, 400 malformed input, 413 oversized file); a refused shadow change is a {@link ShadowRefusedException}.
 */
public interface DeviceStateAdmin {

    /** The device's tags by key. 404 for an unknown device. */
    Map<String, String> tags(DeviceId device);

    /** The desired values the cloud holds for the device, by identifier. 404 for an unknown device. */
    Map<String, DesiredValue> desired(DeviceId device);

    /**
     * Sets desired values ({@code {"power": "on"}}); each gets the next version of its identifier. The device is not
     * told: it reads them with {@code thing/property/desired/get}. 400 for an empty or non-object body.
     *
     * @return every desired value the device now has
     */
    Map<String, DesiredValue> setDesired(DeviceId device, JsonNode values);

    /** The device's shadow {@code {state: {reported, desired}, metadata, version}}; version 0 when it has none. */
    ObjectNode shadow(DeviceId device);

    /**
     * Sets desired shadow attributes from the cloud ({@code {state: {desired}, version}}); an online device is sent
     * {@code control}. A malformed body or a version not greater than the shadow's is a
     * {@link ShadowRefusedException} and changes nothing.
     *
     * @return the shadow after the change
     */
    ObjectNode updateShadow(DeviceId device, JsonNode body);

    /**
     * Replaces the product's remote configuration file and pushes it to the product's online devices.
     *
     * @return the file as devices are told of it
     */
    ConfigPush putConfig(String productKey, byte[] content);

    /** The product's configuration file as {@code thing/config/get} describes it (with a fresh link). */
    Optional<ConfigFile> config(String productKey);

    /** The file a download link names; 403 for a forged or expired link, empty when it was replaced since. */
    Optional<byte[]> download(String productKey, String configId, String expires, String signature);

    /** A configuration file and the devices it was pushed to. */
    record ConfigPush(ConfigFile file, List<DeviceId> pushedTo) {
        public ConfigPush {
            pushedTo = List.copyOf(pushedTo);
        }
    }

    /** A refused shadow change: the HTTP status, and the platform's error payload as a device would get it. */
    final class ShadowRefusedException extends AdminException {
        private static final long serialVersionUID = 1L;
        private final transient ObjectNode platformError;

        public ShadowRefusedException(int status, String message, ObjectNode platformError) {
            super(status, message);
            this.platformError = platformError;
        }

        /** {@code {method: "reply", payload: {status: "error", content: {errorcode, errormessage}}, timestamp}}. */
        public ObjectNode platformError() {
            return platformError.deepCopy();
        }
    }
}
