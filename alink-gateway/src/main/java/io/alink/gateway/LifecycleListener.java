package io.alink.gateway;

/**
 * Told of the cloud's {@link LifecycleEvent}s, on the client's event executor, one at a time and in the order they
 * arrived; a listener must not block. A listener that throws is logged and the others are still told.
 */
@FunctionalInterface
public interface LifecycleListener {

    /**
     * One event.
     *
     * @param event what the cloud said
     */
    void onEvent(LifecycleEvent event);
}
