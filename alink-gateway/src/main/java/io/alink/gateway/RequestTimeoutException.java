package io.alink.gateway;

import java.time.Duration;

/** The platform sent no reply within the request timeout. The request may or may not have taken effect. */
public class RequestTimeoutException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what    the request, naming its devices
     * @param timeout how long it waited
     */
    public RequestTimeoutException(String what, Duration timeout) {
        super("no reply to " + what + " within " + timeout.toMillis() + " ms");
    }
}
