package io.alink.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.AdminException;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.DeviceView;
import io.alink.emulator.EmulatorAdmin;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.ProductConfig;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TimedValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An in-memory stand-in for the platform behind the admin API: it serves fixed devices and messages and records
 * what the HTTP layer asked of it. The HTTP server and client under test are real.
 */
final class FakeAdmin implements EmulatorAdmin {

    /** One call the server made, for the tests to check what reached the platform. */
    record Call(String operation, Object... arguments) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile List<DeviceView> devices = List.of();
    volatile List<MessageRecord> messages = List.of();
    volatile Map<String, TimedValue> properties = Map.of();
    /** What a service call or property set does: by default the device answers with success. */
    volatile Function<Duration, CompletableFuture<AlinkReply>> deviceBehaviour = timeout ->
            CompletableFuture.completedFuture(AlinkReply.success("7", io.alink.protocol.AlinkJson.object().put("ok", 1)));
    volatile RuntimeException refusal;
    volatile AlinkReply registrationOutcome;

    static CompletableFuture<AlinkReply> neverReplies(Duration timeout) {
        return new CompletableFuture<AlinkReply>().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void record(String operation, Object... arguments) {
        calls.add(new Call(operation, arguments));
        RuntimeException toThrow = refusal;
        if (toThrow != null) {
            throw toThrow;
        }
    }

    Call lastCall() {
        return calls.get(calls.size() - 1);
    }

    @Override
    public List<DeviceView> devices() {
        record("devices");
        return devices;
    }

    /** No found lists, and no other lifecycle operation: those are tested against the emulator. */
    @Override
    public io.alink.emulator.EmulatorLifecycle lifecycle() {
        return new io.alink.emulator.EmulatorLifecycle() {
            @Override
            public void delete(DeviceId device) {
                throw new UnsupportedOperationException("delete");
            }

            @Override
            public CompletableFuture<AlinkReply> notifyTopoAdd(DeviceId gateway, List<DeviceId> subDevices,
                                                               Duration timeout) {
                throw new UnsupportedOperationException("notifyTopoAdd");
            }

            @Override
            public List<DeviceId> found(DeviceId gateway) {
                return List.of();
            }
        };
    }

    @Override
    public Optional<DeviceView> device(DeviceId device) {
        record("device", device);
        return devices.stream().filter(d -> d.id().equals(device)).findFirst();
    }

    @Override
    public void createProduct(ProductConfig product) {
        record("createProduct", product);
    }

    @Override
    public void createDevice(String productKey, DeviceConfig device) {
        record("createDevice", productKey, device);
    }

    @Override
    public void setEnabled(DeviceId device, boolean enabled) {
        record("setEnabled", device, enabled);
    }

    @Override
    public void addTopo(DeviceId gateway, DeviceId subDevice) {
        record("addTopo", gateway, subDevice);
    }

    @Override
    public void deleteTopo(DeviceId gateway, DeviceId subDevice) {
        record("deleteTopo", gateway, subDevice);
    }

    @Override
    public CompletableFuture<AlinkReply> invokeService(DeviceId device, String identifier, JsonNode params,
                                                       Duration timeout) {
        record("invokeService", device, identifier, params, timeout);
        return deviceBehaviour.apply(timeout);
    }

    @Override
    public CompletableFuture<AlinkReply> setProperties(DeviceId device, JsonNode params, Duration timeout) {
        record("setProperties", device, params, timeout);
        return deviceBehaviour.apply(timeout);
    }

    @Override
    public Map<String, TimedValue> properties(DeviceId device) {
        record("properties", device);
        return properties;
    }

    @Override
    public List<MessageRecord> messages(DeviceId device, int limit) {
        record("messages", device, limit);
        return messages;
    }

    @Override
    public AlinkReply registerDevice(Map<String, String> form) {
        record("registerDevice", form);
        return registrationOutcome;
    }

    static AdminException refused(int status, String message) {
        return new AdminException(status, message);
    }
}
