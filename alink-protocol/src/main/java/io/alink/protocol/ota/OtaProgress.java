package io.alink.protocol.ota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's report of an upgrade's progress, on {@code /ota/device/progress/{pk}/{dn}}:
 * {@code {"id", "params": {"step", "desc", "module"?}}}. A step from 1 to 100 is the percentage done; -1 to -4 are
 * the platform's failure steps ({@link OtaFailure}). The platform does not reply.
 *
 * @param id     the message id, kept as the text it was sent as
 * @param step   1 to 100, or -1 to -4
 * @param desc   what the device says about the step; empty when it said nothing
 * @param module the module being upgraded, or null for the default module
 */
public record OtaProgress(String id, int step, String desc, String module) {

    /** The highest step: the upgrade is done on the device's side (success still needs the new version informed). */
    public static final int DONE = 100;

    /**
     * Checks the fields.
     *
     * @throws AlinkFormatException for a step that is neither 1..100 nor -1..-4, or a bad module name
     */
    public OtaProgress {
        id = Objects.requireNonNullElse(id, "");
        desc = Objects.requireNonNullElse(desc, "");
        if (!(step >= 1 && step <= DONE) && OtaFailure.ofStep(step).isEmpty()) {
            throw new AlinkFormatException("step " + step + " is out of range: 1 to 100 for progress, "
                    + "-1 (upgrade failed), -2 (download failed), -3 (verification failed) or -4 (flash failed)");
        }
        OtaFields.requireModule(module);
    }

    /**
     * A report of a failure.
     *
     * @param id      the message id
     * @param failure how the upgrade failed
     * @param desc    why, in words
     * @param module  the module, or null for the default module
     * @return the report
     */
    public static OtaProgress failed(String id, OtaFailure failure, String desc, String module) {
        return new OtaProgress(id, failure.step(), desc, module);
    }

    /**
     * The failure this step reports.
     *
     * @return the failure, empty for a progress step
     */
    public Optional<OtaFailure> failure() {
        return OtaFailure.ofStep(step);
    }

    /**
     * The payload as sent. The step is written as a number.
     *
     * @return UTF-8 JSON
     */
    public byte[] toBytes() {
        ObjectNode params = AlinkJson.object().put("step", step).put("desc", desc);
        OtaFields.putIfPresent(params, "module", module);
        return OtaFields.envelope(id, params);
    }

    /**
     * Reads a progress payload; the step may be a number or a string of digits, as LinkSDK sends it.
     *
     * @param payload the message as received
     * @return the report
     * @throws AlinkFormatException for anything but a well-formed report with a step in range
     */
    public static OtaProgress parse(byte[] payload) {
        AlinkRequest request = AlinkRequest.parse(payload);
        ObjectNode params = OtaFields.params(request);
        long step = OtaFields.requiredLong(params, "step");
        if (step != (int) step) {
            throw new AlinkFormatException("step " + step + " is out of range");
        }
        return new OtaProgress(request.id(), (int) step, OtaFields.optionalText(params, "desc"),
                OtaFields.optionalText(params, "module"));
    }
}
