package io.alink.gateway;

import io.alink.protocol.DeviceId;

/**
 * Told when the platform takes a sub-device away from this gateway. Called on the client's callback executor, in
 * the order things happened; a listener must not block.
 */
public interface SubDeviceListener {

    /**
     * The platform refused to log {@code sub} in again (after a reconnection, or after it answered a message of
     * {@code sub} with code 520). The sub-device is no longer logged in and is not retried: the application decides
     * (fix the topology, enable the device, then {@link GatewayClient#login} it). Its outbox messages stay queued,
     * within the outbox bounds, until it is logged in again.
     *
     * @param sub     the sub-device
     * @param code    the platform's reply code (see {@link io.alink.protocol.ReplyCode#hint})
     * @param message the platform's message
     */
    default void refused(DeviceId sub, int code, String message) {
    }

    /**
     * The platform said {@code sub} was deleted from the topology (topo/change status 1) or disabled (status 8). It
     * is no longer logged in; its outbox messages stay queued, within the outbox bounds.
     *
     * @param sub              the sub-device
     * @param topoChangeStatus the topo/change status: 1 deleted, 8 disabled
     */
    default void removed(DeviceId sub, int topoChangeStatus) {
    }
}
