package io.alink.daemon;

import io.alink.daemon.GatewayFile;
import io.alink.gateway.SubDeviceCredentials;
import io.alink.gateway.SubDeviceListener;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

        State(GatewayFile.Device configured) {
            this.configured = configured;
            if (configured.deviceSecret() != null) {
                credentials = new SubDeviceCredentials(configured.id(), configured.deviceSecret(), null);
            }
        }
    }

    /** What {@code GET /v1/devices} shows of one sub-device. */
    record View(DeviceId id, boolean inTopology, String refusal) {
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
        State state = states.get(device);
        if (state != null) {
            state.heldOffline = held;
        }
    }

    List<View> views() {
        return states.values().stream().map(s -> new View(s.configured.id(), s.inTopology, s.refusal)).toList();
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
                .filter(s -> s.credentials != null && s.refusal == null && !s.heldOffline
                        && !loggedIn.contains(s.configured.id()))
                .map(s -> s.credentials).toList();
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
        if (state != null) {
            state.inTopology = false;
            state.refusal = "removed from the topology or disabled in the cloud (topo/change status "
                    + topoChangeStatus + ")";
            LOG.warn("Sub-device {} was removed or disabled in the cloud (status {}); it stays offline until the"
                    + " daemon restarts", device, topoChangeStatus);
        }
    }
}
