package io.alink.protocol.ota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.TopicKind;
import java.util.Objects;

/**
 * A device's request for its pending firmware, on {@code /sys/{pk}/{dn}/thing/ota/firmware/get}:
 * {@code {"id", "version": "1.0", "params": {"module"?}, "method": "thing.ota.firmware.get"}}. The reply carries an
 * upgrade notice's data ({@link OtaUpgradeNotice#fromFirmwareGetReply}), or none.
 *
 * @param id     the message id
 * @param module the module asked about, or null for the default module
 */
public record FirmwareGetRequest(String id, String module) {

    /**
     * Checks the module name.
     *
     * @throws AlinkFormatException for a bad module name
     */
    public FirmwareGetRequest {
        id = Objects.requireNonNullElse(id, "");
        OtaFields.requireModule(module);
    }

    /**
     * The request envelope.
     *
     * @return the request, method {@code thing.ota.firmware.get}
     */
    public AlinkRequest toRequest() {
        ObjectNode params = AlinkJson.object();
        OtaFields.putIfPresent(params, "module", module);
        return AlinkRequest.of(id, TopicKind.OTA_FIRMWARE_GET.method(), params);
    }

    /**
     * The payload as sent.
     *
     * @return UTF-8 JSON
     */
    public byte[] toBytes() {
        return toRequest().toBytes();
    }

    /**
     * Reads a request; params may be absent or empty (the default module).
     *
     * @param payload the message as received
     * @return the request
     * @throws AlinkFormatException for anything but a well-formed request
     */
    public static FirmwareGetRequest parse(byte[] payload) {
        AlinkRequest request = AlinkRequest.parse(payload);
        return new FirmwareGetRequest(request.id(), OtaFields.optionalText(OtaFields.params(request), "module"));
    }

    /**
     * The answer when no firmware is pending: success with empty data. UNCONFIRMED: the platform's documentation
     * shows only the reply with a firmware; this is the most plausible form of the other one.
     *
     * @param requestId the id of the request answered
     * @return the reply
     */
    public static AlinkReply noFirmwareReply(String requestId) {
        return AlinkReply.success(requestId, AlinkJson.object());
    }
}
