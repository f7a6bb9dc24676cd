package io.alink.gateway;

import java.util.Map;

/**
 * A callback of the seed-compatible {@link Gateway}: receives a map shaped like the dict the HaaS Python callback
 * receives. Runs on the client's callback executor, never on a network thread.
 */
@FunctionalInterface
public interface GatewayCallback {

    /** @param data the event's payload, keys as in the HaaS dict ({@code code}, {@code message} ...) */
    void call(Map<String, Object> data);
}
