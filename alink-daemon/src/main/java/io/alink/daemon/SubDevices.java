package io.alink.daemon;

import io.alink.daemon.GatewayFile;
import io.alink.gateway.SubDeviceCredentials;
import io.alink.gateway.SubDeviceListener;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.TopoChangeStatus;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sub-devices of the configuration file, which are the only ones the daemon serves, and what the daemon knows
 * of each: its credentials once known, whether the platform confirmed it in the topology, and why the platform
 * refused it, if it did. A refused sub-device is not brought up again until the daemon restarts: retrying a
 * disabled or deleted device in a loop is what the platform punishes.
 */
final class SubDevices implements SubDeviceListener {

    private static final Logger LOG = LoggerFactory.getLogger(SubDevices.class);

    /** One configured sub-device; its fields change as the platform answers. */
    private static final class State {
        final GatewayFile.Device configured;
        volatile SubDeviceCredentials credentials;
        volatile boolean inTopology;
        volatile String refusal;
        /** Logged out by its connector while its field device does not answer: not to be brought up meanwhile. */
        volatile boolean heldOffline;
        /** Disabled in the cloud: not brought up, not polled, its adapter's messages refused, until enabled. */
        volatile boolean disabled;

        State(GatewayFile.Device configured) {
            this.configured = configured;
            if (configured.deviceSecret() != null) {
                credentials = new SubDeviceCredentials(configured.id(), configured.deviceSecret(), null);
            }
        }
    }

    /** What {@code GET /v1/devices} shows of one sub-device. */
    record View(DeviceId id, boolean inTopology, String refusal, boolean disabled) {
    }

    private final Map<DeviceId, State> states = new LinkedHashMap<>();

    SubDevices(List<GatewayFile.Device> configured) {
        configured.forEach(device -> states.put(device.id(), new State(device)));
    }

    boolean isConfigured(DeviceId device) {
        return states.containsKey(device);
    }

    int size() {
        return states.size();
    }

    /** Why the platform refused the device; empty while it has not. */
    Optional<String> refusal(DeviceId device) {
        State state = states.get(device);
        return Optional.ofNullable(state == null ? null : state.refusal);
    }

    /** Its credentials, once known; empty for a device not configured or not registered yet. */
    Optional<SubDeviceCredentials> credentials(DeviceId device) {
        State state = states.get(device);
        return Optional.ofNullable(state == null ? null : state.credentials);
    }

    /** Whether the platform confirmed the device in the gateway's topology (and has not removed it since). */
    boolean isInTopology(DeviceId device) {
        State state = states.get(device);
        return state != null && state.inTopology;
    }

    /** Keeps the device out of bring-ups (or lets it back in): its field device does not answer. */
    void holdOffline(DeviceId device, boolean held) {
        update(device, state -> state.heldOffline = held);
    }

    List<View> views() {
        return states.values().stream().map(s -> new View(s.configured.id(), s.inTopology, s.refusal, s.disabled))
                .toList();
    }

    /** Devices with only a productSecret and no secret yet: they must be registered. */
    List<GatewayFile.Device> unregistered() {
        return states.values().stream().filter(s -> s.credentials == null && s.refusal == null)
                .map(s -> s.configured).toList();
    }

    /**
     * Devices with credentials that are neither logged in, refused nor held offline: to add to the topology and log
     * in.
     */
    List<SubDeviceCredentials> toBringUp(Set<DeviceId> loggedIn) {
        return states.values().stream()
                .filter(s -> s.credentials != null && s.refusal == null && !s.heldOffline && !s.disabled
                        && !loggedIn.contains(s.configured.id()))
                .map(s -> s.credentials).toList();
    }

    /** Whether the cloud disabled the device (and has not enabled it since). */
    boolean isDisabled(DeviceId device) {
        State state = states.get(device);
        return state != null && state.disabled;
    }

    /** The cloud disabled or enabled the device; false for a device not configured. */
    boolean disabled(DeviceId device, boolean disabled) {
        return update(device, state -> state.disabled = disabled);
    }

    /**
     * The cloud asks for the device again (topo/add/notify): a refusal of an earlier topology removal no longer
     * holds. False for a device not configured.
     */
    boolean wanted(DeviceId device) {
        return update(device, state -> state.refusal = null);
    }

    /** The cloud deleted the device: it is not brought up again until the daemon restarts. */
    void deleted(DeviceId device) {
        update(device, state -> {
            state.inTopology = false;
            state.refusal = "deleted in the cloud (thing/delete)";
        });
    }

    /** Applies {@code change} to a configured device's state; false for a device not configured. */
    private boolean update(DeviceId device, Consumer<State> change) {
        State state = states.get(device);
        if (state != null) {
            change.accept(state);
        }
        return state != null;
    }

    void credentialsKnown(SubDeviceCredentials credentials) {
        State state = states.get(credentials.device());
        if (state != null) {
            state.credentials = credentials;
        }
    }

    void inTopology(Collection<DeviceId> devices) {
        devices.forEach(device -> {
            State state = states.get(device);
            if (state != null) {
                state.inTopology = true;
            }
        });
    }

    @Override
    public void refused(DeviceId device, int code, String message) {
        State state = states.get(device);
        if (state != null) {
            state.refusal = "code " + code + ": " + ReplyCode.explained(code, message);
            LOG.warn("The platform refused sub-device {} ({}); it stays offline until the daemon restarts", device,
                    state.refusal);
        }
    }

    @Override
    public void removed(DeviceId device, int topoChangeStatus) {
        State state = states.get(device);
        if (state != null && topoChangeStatus == TopoChangeStatus.DISABLED.code()) {
            // not for good: thing/enable lets it back in
            state.disabled = true;
            LOG.warn("Sub-device {} was disabled in the cloud; it stays offline until the cloud enables it", device);
        } else if (state != null) {
            state.inTopology = false;
            state.refusal = "removed from the topology in the cloud (topo/change status " + topoChangeStatus + ")";
            LOG.warn("Sub-device {} was removed from the topology in the cloud (status {}); it stays offline until"
                    + " the daemon restarts or the cloud asks to add it again", device, topoChangeStatus);
        }
    }
}
