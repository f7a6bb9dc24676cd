package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's time: {@code (serverRecv + serverSend + deviceRecv - deviceSend) / 2}. The NTP response carries no
 * envelope id, so requests are told apart by their send time, which is kept unique by moving it on by a millisecond
 * when two would share one.
 */
final class NtpClock {

    private static final Logger log = LoggerFactory.getLogger(NtpClock.class);

    /** The three NTP times the formula needs besides the device's own send time. */
    private record NtpSample(long serverRecvTime, long serverSendTime, long deviceRecvTime) {
    }

    private final AlinkTopic requestTopic;
    private final Transport transport;
    private final PendingReplies<NtpSample> pending;
    private final ZoneId zone;
    private final AtomicLong lastSendTime = new AtomicLong();

    NtpClock(DeviceId gateway, Transport transport, ScheduledExecutorService timer, Duration timeout, ZoneId zone) {
        this.requestTopic = AlinkTopic.of(TopicKind.NTP_REQUEST, gateway);
        this.transport = transport;
        this.pending = new PendingReplies<>(timer, timeout);
        this.zone = zone;
    }

    CompletableFuture<NtpTime> now() {
        long deviceSendTime = lastSendTime.updateAndGet(previous -> Math.max(previous + 1, System.currentTimeMillis()));
        String key = Long.toString(deviceSendTime);
        CompletableFuture<NtpSample> sample = pending.expect(key, "NTP request");
        byte[] request = AlinkJson.toBytes(AlinkJson.object().put("deviceSendTime", key));
        Async.attempt(() -> transport.publish(requestTopic.topic(), request, 0))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        pending.fail(key, Async.unwrap(error));
                    }
                });
        return sample.thenApply(s -> NtpTime.of(
                (s.serverRecvTime() + s.serverSendTime() + s.deviceRecvTime() - deviceSendTime) / 2, zone));
    }

    void onResponse(byte[] payload) {
        long received = System.currentTimeMillis();
        JsonNode json = AlinkJson.parse(payload);
        String sent = AlinkJson.text(json, "deviceSendTime");
        if (sent == null) {
            log.warn("Ignored an NTP response without deviceSendTime");
            return;
        }
        try {
            pending.complete(sent, new NtpSample(Long.parseLong(AlinkJson.text(json, "serverRecvTime")),
                    Long.parseLong(AlinkJson.text(json, "serverSendTime")), received));
        } catch (NumberFormatException e) {
            pending.fail(sent, new GatewayException("the NTP response has no valid server times"));
        }
    }

    void failAll(Throwable error) {
        pending.failAll(error);
    }
}
