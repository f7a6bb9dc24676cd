package io.alink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The cloud's synchronous calls: RRPC (the RRpc API) and services of call type sync (InvokeThingsService), which
 * wait {@value #MIN_TIMEOUT_MS} to {@value #MAX_TIMEOUT_MS} ms for the device. Refusals are {@link AdminException}s:
 * 400 for a timeout out of range or a bad topic, 404 for an unknown device, 409 for an offline one; nothing is sent
 * then.
 */
public interface EmulatorRrpc {

    /** The platform's shortest RRPC timeout. */
    int MIN_TIMEOUT_MS = 1000;
    /** The platform's longest RRPC timeout. */
    int MAX_TIMEOUT_MS = 8000;

    /**
     * Sends {@code payload} to the device, classic ({@code /sys/{pk}/{dn}/rrpc/request/{messageId}}) or, with a
     * {@code customTopic}, on {@code /ext/rrpc/{messageId}{customTopic}}; completes with the device's answer, or
     * with {@link RrpcResult#TIMEOUT} when none came in time.
     *
     * @param customTopic a custom topic of the device ({@code /{pk}/{dn}/user/...}), or null for a classic RRPC
     */
    CompletableFuture<RrpcResult> rrpc(DeviceId device, String customTopic, byte[] payload, Duration timeout);

    /**
     * Invokes a service of call type sync: an Alink request (method {@code thing.service.{identifier}}) in a classic
     * RRPC; completes with the device's Alink reply, or exceptionally with a TimeoutException.
     */
    CompletableFuture<AlinkReply> invokeServiceSync(DeviceId device, String identifier, JsonNode params,
                                                    Duration timeout);
}
