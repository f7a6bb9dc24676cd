package io.alink.daemon.connector.modbus;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.daemon.connector.ConnectorMetrics;
import io.alink.daemon.connector.DeviceUplink;
import io.alink.daemon.connector.FieldHealth;
import io.alink.daemon.connector.FieldReplyCodes;
import io.alink.daemon.connector.ReportFilter;
import io.alink.daemon.connector.RetryDelay;
import io.alink.daemon.connector.Uplink;
import io.alink.gateway.ServiceReply;
import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One field device of a Modbus connector: polls it on the connector's scheduler, one poll after another, reports
 * what the report policy lets through, follows its link (logging its sub-device out after too many failed polls and
 * back in when it answers), and writes property sets to it.
 *
 * <p>Poll results are handled on the scheduler's thread only, so the report filter needs no lock.
 */
final class ModbusDevice {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusDevice.class);

    private final ModbusDeviceConfig config;
    private final String where;
    private final ModbusLink link;
    private final DeviceUplink uplink;
    private final ScheduledExecutorService scheduler;
    private final List<ReadBlock> plan;
    private final Map<String, PropertyMapping> properties;
    private final FieldHealth health;
    private final ReportFilter filter;
    private final RetryDelay retry;
    private final ConnectorMetrics.DeviceMeters meters;

    ModbusDevice(ModbusConnectorConfig connector, ModbusDeviceConfig config, ModbusLink link, Uplink uplink,
                 ScheduledExecutorService scheduler, ConnectorMetrics metrics) {
        this.config = config;
        this.where = "unit " + config.unitId() + " at " + connector.target();
        this.link = link;
        this.scheduler = scheduler;
        this.plan = ReadPlan.of(config.properties());
        this.properties = config.properties().stream()
                .collect(Collectors.toUnmodifiableMap(PropertyMapping::identifier, Function.identity()));
        this.health = new FieldHealth(connector.name(), config.id(), connector.maxFailedPolls());
        this.filter = new ReportFilter(config.report());
        Duration maxRetry = connector.maxRetryDelay().compareTo(config.poll()) < 0 ? config.poll()
                : connector.maxRetryDelay();
        this.retry = new RetryDelay(config.poll(), maxRetry);
        this.meters = metrics.device(config.id(), health);
        this.uplink = new DeviceUplink(config.id(), where, "polls", uplink, health, meters,
                connector.maxFailedPolls());
    }

    DeviceId id() {
        return config.id();
    }

    FieldHealth health() {
        return health;
    }

    void start(long delayMillis) {
        schedule(delayMillis);
    }

    private void poll() {
        if (uplink.isDisabled()) {
            // looked at again every poll period, so polling resumes soon after the cloud enables it
            schedule(config.poll().toMillis());
            return;
        }
        long started = System.nanoTime();
        PollResult result = new PollResult(properties.size());
        CompletableFuture<Void> reads = CompletableFuture.completedFuture(null);
        for (ReadBlock block : plan) {
            reads = reads.thenCompose(ignored -> result.isSilent() ? CompletableFuture.completedFuture(null)
                    : link.send(config.unitId(), block.request())
                            .handle((response, error) -> {
                                result.add(block, response, error);
                                return null;
                            }));
        }
        reads.thenRunAsync(() -> done(result, started), scheduler)
                .exceptionally(error -> {
                    if (!(error.getCause() instanceof RejectedExecutionException)) {
                        LOG.error("Polling {} ({}) failed; polling again", config.id(), where, error);
                        schedule(config.poll().toMillis());
                    }
                    return null;
                });
    }

    private void done(PollResult result, long startedNanos) {
        Instant now = Instant.now();
        result.faults().forEach(fault -> {
            meters.fault(fault.fault());
            health.error(fault.message(), now);
        });
        meters.poll(result.answered());
        if (!result.answered()) {
            failed(result.faults().get(result.faults().size() - 1), now);
            return;
        }
        if (uplink.answered(now)) {
            filter.reportAllNext();
        }
        long readAt = now.toEpochMilli();
        uplink.report(filter.select(result.values(), readAt), readAt);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        schedule(Math.max(0, config.poll().toMillis() - elapsed));
    }

    private void failed(FieldError error, Instant now) {
        int failures = uplink.failed(error.message(), now);
        schedule(retry.millis(failures, ThreadLocalRandom.current().nextDouble()));
    }

    /** Writes a property set; see {@link io.alink.daemon.connector.Connector#setProperties}. */
    CompletableFuture<ServiceReply> write(JsonNode params) {
        List<WritePlan.FieldWrite> writes;
        try {
            writes = WritePlan.of(properties, params);
        } catch (ValueException e) {
            meters.write(false, false);
            return CompletableFuture.completedFuture(ServiceReply.error(FieldReplyCodes.INVALID_PARAMETER,
                    e.getMessage()));
        }
        return write(writes, 0);
    }

    /** The writes from {@code next} on, one after another: the device acknowledges each before the next is sent. */
    private CompletableFuture<ServiceReply> write(List<WritePlan.FieldWrite> writes, int next) {
        if (next == writes.size()) {
            meters.write(true, true);
            return CompletableFuture.completedFuture(ServiceReply.success(Map.of()));
        }
        WritePlan.FieldWrite write = writes.get(next);
        return link.send(config.unitId(), write.request()).handle((response, error) -> error)
                .thenCompose(error -> {
                    if (error == null) {
                        return write(writes, next + 1);
                    }
                    FieldError fault = FieldError.of(error);
                    meters.fault(fault.fault());
                    meters.write(true, false);
                    String written = writes.subList(0, next).stream().map(w -> w.property().identifier())
                            .collect(Collectors.joining(", "));
                    return CompletableFuture.completedFuture(ServiceReply.error(fault.replyCode(),
                            write.property().identifier() + " not written: " + fault.message()
                                    + (next == 0 ? "" : "; written before it: " + written)));
                });
    }

    private void schedule(long delayMillis) {
        try {
            scheduler.schedule(this::poll, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the connector is closing: no more polls
        }
    }
}
