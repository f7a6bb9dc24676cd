package io.alink.gateway;

import io.alink.protocol.ota.OtaFailure;

/**
 * A firmware file could not be downloaded: the server refused it (an expired or forged URL, a missing file), or the
 * connection kept failing through every attempt. Nothing verified was written; a partial {@code .part} file is kept
 * for a later attempt to resume. The upgrade is reported as {@link OtaFailure#DOWNLOAD_FAILED} (step -2).
 */
public class FirmwareDownloadException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the host but never the URL's query (it carries the URL's signature)
     * @param cause   the underlying failure; null when there is none
     */
    public FirmwareDownloadException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@return the failure to report as the upgrade's progress: {@link OtaFailure#DOWNLOAD_FAILED}} */
    public OtaFailure failure() {
        return OtaFailure.DOWNLOAD_FAILED;
    }
}
