package io.alink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TimedValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a person, a test or the admin REST API can do with a running emulator. Every method is thread-safe.
 * Refusals are {@link AdminException}s carrying the HTTP status to answer with.
 */
public interface EmulatorAdmin {

    List<DeviceView> devices();

    Optional<DeviceView> device(DeviceId device);

    /** Creates a product with its devices. 409 if the productKey exists, 400 if a field is invalid. */
    void createProduct(ProductConfig product);

    /** Creates a device of an existing product. 404 for an unknown product, 409 if it exists, 400 if invalid. */
    void createDevice(String productKey, DeviceConfig device);

    /**
     * Enables or disables a device; a disabled device cannot connect or log in. The device (a sub-device through its
     * gateway) is told ({@code thing/disable}, {@code thing/enable}), and so is its gateway (topo/change).
     */
    void setEnabled(DeviceId device, boolean enabled);

    /** Adds a topology relation from the cloud side; the gateway is told (topo/change status 0). */
    void addTopo(DeviceId gateway, DeviceId subDevice);

    /** Deletes a topology relation from the cloud side; the sub-device is logged out and the gateway told (status 1). */
    void deleteTopo(DeviceId gateway, DeviceId subDevice);

    /**
     * Invokes a service on a device (through its gateway for a sub-device) and completes with the device's reply,
     * or exceptionally with {@link java.util.concurrent.TimeoutException} after {@code timeout}. 404 unknown device,
     * 409 device offline.
     */
    CompletableFuture<AlinkReply> invokeService(DeviceId device, String identifier, JsonNode params, Duration timeout);

    /** Property set on a device; same contract as {@link #invokeService}. */
    CompletableFuture<AlinkReply> setProperties(DeviceId device, JsonNode params, Duration timeout);

    /** The cloud's synchronous calls (RRPC, sync services); 501 where the admin has no platform behind it. */
    default EmulatorRrpc rrpc() {
        throw new AdminException(501, "synchronous calls are not supported here");
    }

    /** The devices' life: delete, topo/add/notify, list/found; 501 where the admin has no platform behind it. */
    default EmulatorLifecycle lifecycle() {
        throw new AdminException(501, "device lifecycle is not supported here");
    }

    /**
     * The device's latest value of each property it reported (property/post, pack/post or history/post), by
     * identifier; empty when it reported none. 404 for an unknown device.
     */
    Map<String, TimedValue> properties(DeviceId device);

    /** Recent device-to-cloud messages, oldest first, newest last; {@code device} null for all devices. */
    List<MessageRecord> messages(DeviceId device, int limit);

    /**
     * HTTPS-style dynamic registration ({@code POST /auth/register/device}): the form fields productKey, deviceName,
     * random, sign, signMethod. Returns the platform's reply: code 200 with data {productKey, deviceName,
     * deviceSecret}, or an error code and message.
     */
    AlinkReply registerDevice(Map<String, String> form);

    /** Tags, desired values, shadows and configuration files; empty for an admin that keeps none (a test fake). */
    default Optional<DeviceStateAdmin> deviceState() {
        return Optional.empty();
    }
}
