package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The application's connection and sub-device listeners, told in turn on the serial event executor: in the order
 * things happened, never on a network thread. A failing listener is logged and does not keep the others from hearing.
 */
final class ClientListeners implements ConnectionListener, SubDeviceListener {

    private final List<ConnectionListener> connection = new CopyOnWriteArrayList<>();
    private final List<SubDeviceListener> subDevice = new CopyOnWriteArrayList<>();
    private final Executor events;

    /** @param events runs one task at a time, in order */
    ClientListeners(Executor events) {
        this.events = events;
    }

    void add(ConnectionListener listener) {
        connection.add(required(listener));
    }

    void add(SubDeviceListener listener) {
        subDevice.add(required(listener));
    }

    @Override
    public void connected(boolean reconnect) {
        tell(connection, listener -> listener.connected(reconnect));
    }

    @Override
    public void disconnected(Throwable cause) {
        tell(connection, listener -> listener.disconnected(cause));
    }

    @Override
    public void refused(DeviceId sub, int code, String message) {
        tell(subDevice, listener -> listener.refused(sub, code, message));
    }

    @Override
    public void removed(DeviceId sub, int topoChangeStatus) {
        tell(subDevice, listener -> listener.removed(sub, topoChangeStatus));
    }

    private <L> void tell(List<L> targets, Consumer<L> event) {
        for (L listener : targets) {
            events.execute(() -> event.accept(listener));
        }
    }

    private static <L> L required(L listener) {
        if (listener == null) {
            throw new InvalidRequestException("listener is missing");
        }
        return listener;
    }
}
