package io.alink.gateway;

import io.alink.protocol.ota.OtaFailure;

/**
 * A downloaded firmware file is not the one the upgrade notice describes: its size or its sign (digest) differs. The
 * file was deleted. The upgrade is reported as {@link OtaFailure#VERIFY_FAILED} (step -3).
 */
public class FirmwareVerificationException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /** @param message which check failed, with what was expected and what was found */
    public FirmwareVerificationException(String message) {
        super(message);
    }

    /** {@return the failure to report as the upgrade's progress: {@link OtaFailure#VERIFY_FAILED}} */
    public OtaFailure failure() {
        return OtaFailure.VERIFY_FAILED;
    }
}
