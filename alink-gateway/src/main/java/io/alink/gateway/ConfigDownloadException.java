package io.alink.gateway;

/**
 * A remote configuration file could not be downloaded, or what was downloaded is not the file the platform described:
 * another size, another digest, or a sign method the library does not know. Nothing of it reached the application.
 */
public class ConfigDownloadException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the configuration
     * @param cause   the underlying failure, or null
     */
    public ConfigDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
