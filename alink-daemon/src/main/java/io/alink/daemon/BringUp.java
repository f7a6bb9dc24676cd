package io.alink.daemon;

import io.alink.daemon.GatewayFile;
import io.alink.gateway.AlinkReplyException;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.SubDeviceCredentials;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Brings the configured sub-devices online in bulk: registers those that have only a productSecret (keeping the
 * issued secrets), adds them to the topology, logs them in, in the platform's batch sizes and showing progress.
 *
 * <p>The platform answers a batch as a whole, so a batch it refuses is tried again one device at a time: one disabled
 * device must not keep 49 others offline. A device refused on its own is recorded and left alone. Any other failure
 * (a lost connection, a timeout, a busy platform) ends the run; the daemon runs it again later for whatever is still
 * missing.
 */
final class BringUp {

    /** The platform's batch limits: topology add and registration 30, login 50. */
    private static final int TOPO_BATCH = 30;
    private static final int REGISTER_BATCH = 30;
    private static final int LOGIN_BATCH = 50;

    private final GatewayClient client;
    private final SubDevices devices;
    private final SubDeviceSecrets secrets;
    private final Progress progress;

    BringUp(GatewayClient client, SubDevices devices, SubDeviceSecrets secrets, Progress progress) {
        this.client = client;
        this.devices = devices;
        this.secrets = secrets;
        this.progress = progress;
    }

    /** Runs on the caller's thread, one request at a time. @throws RuntimeException when a request fails */
    void run() {
        for (GatewayFile.Device device : devices.unregistered()) {
            // registered by an earlier run: the platform would refuse to register it again
            secrets.read(device.id()).ifPresent(secret ->
                    devices.credentialsKnown(new SubDeviceCredentials(device.id(), secret, null)));
        }
        phase("registering", devices.unregistered(), REGISTER_BATCH, GatewayFile.Device::id, this::register);
        phase("adding to topology", devices.toBringUp(client.loggedIn()), TOPO_BATCH, SubDeviceCredentials::device,
                batch -> devices.inTopology(join(client.addTopo(batch)).devices()));
        phase("logging in", devices.toBringUp(client.loggedIn()), LOGIN_BATCH, SubDeviceCredentials::device,
                batch -> join(client.login(batch)));
    }

    private void register(List<GatewayFile.Device> batch) {
        List<DeviceId> ids = batch.stream().map(GatewayFile.Device::id).toList();
        for (SubDeviceCredentials issued : join(client.registerSubDevices(ids))) {
            // saved before use: the platform issues a secret only until the device is activated
            secrets.save(issued);
            devices.credentialsKnown(issued);
        }
    }

    private <T> void phase(String name, List<T> items, int batchSize, Function<T, DeviceId> idOf,
                           Consumer<List<T>> action) {
        if (items.isEmpty()) {
            return;
        }
        progress.start(name, items.size());
        try {
            for (int done = 0; done < items.size(); ) {
                List<T> batch = items.subList(done, Math.min(items.size(), done + batchSize));
                attempt(batch, idOf, action);
                done += batch.size();
                progress.advance(done);
            }
        } finally {
            progress.finish();
        }
    }

    private <T> void attempt(List<T> batch, Function<T, DeviceId> idOf, Consumer<List<T>> action) {
        try {
            action.accept(batch);
        } catch (AlinkReplyException refused) {
            if (isTransient(refused.code())) {
                throw refused;
            }
            if (batch.size() == 1) {
                devices.refused(idOf.apply(batch.get(0)), refused.code(), refused.platformMessage());
            } else {
                batch.forEach(item -> attempt(List.of(item), idOf, action));
            }
        }
    }

    /** Busy or failing on its side: the platform's answer says nothing about the devices, so try again later. */
    private static boolean isTransient(int code) {
        return code == ReplyCode.TOO_MANY_REQUESTS || code >= 500 && code < 600;
    }

    /** The future's value, or its failure thrown as it is (not wrapped), so that refusals can be told apart. */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
