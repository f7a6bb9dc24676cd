package io.alink.protocol.ota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import java.util.Objects;

/**
 * A device's report of the version it runs, on {@code /ota/device/inform/{pk}/{dn}}:
 * {@code {"id", "params": {"version", "module"?}}}. One module per message; no module means the default module,
 * the device's firmware. The platform does not reply.
 *
 * @param id      the message id, kept as the text it was sent as
 * @param version the running version, 1 to 64 characters
 * @param module  the module, or null for the default module
 */
public record OtaInform(String id, String version, String module) {

    /**
     * Checks the fields.
     *
     * @throws AlinkFormatException for a missing or bad version or module name
     */
    public OtaInform {
        id = Objects.requireNonNullElse(id, "");
        OtaFields.requireVersion(version);
        OtaFields.requireModule(module);
    }

    /**
     * The payload as sent.
     *
     * @return UTF-8 JSON
     */
    public byte[] toBytes() {
        ObjectNode params = AlinkJson.object().put("version", version);
        OtaFields.putIfPresent(params, "module", module);
        return OtaFields.envelope(id, params);
    }

    /**
     * Reads an inform payload.
     *
     * @param payload the message as received
     * @return the inform
     * @throws AlinkFormatException for anything but a well-formed inform
     */
    public static OtaInform parse(byte[] payload) {
        AlinkRequest request = AlinkRequest.parse(payload);
        ObjectNode params = OtaFields.params(request);
        return new OtaInform(request.id(), OtaFields.requiredText(params, "version"),
                OtaFields.optionalText(params, "module"));
    }
}
