package io.alink.simulator;

import io.alink.daemon.connector.Uplink;
import io.alink.protocol.DeviceId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** The cloud side as a connector sees it, recording what it is asked: reports, events, and links going down and up. */
final class RecordingUplink implements Uplink {

    record Report(DeviceId device, Map<String, Object> properties, long readAtMillis) {
    }

    record Event(DeviceId device, String identifier, Map<String, Object> params, long timeMillis) {
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> links = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();

    @Override
    public CompletableFuture<Long> report(DeviceId device, Map<String, Object> properties, long readAtMillis) {
        reports.add(new Report(device, Map.copyOf(properties), readAtMillis));
        return CompletableFuture.completedFuture(seq.incrementAndGet());
    }

    @Override
    public CompletableFuture<Long> event(DeviceId device, String identifier, Map<String, Object> params,
                                         long timeMillis) {
        events.add(new Event(device, identifier, Map.copyOf(params), timeMillis));
        return CompletableFuture.completedFuture(seq.incrementAndGet());
    }

    /** No sub-device is disabled here: the connectors under test always poll. */
    @Override
    public boolean isDisabled(DeviceId device) {
        return false;
    }

    @Override
    public CompletableFuture<Void> fieldDown(DeviceId device) {
        links.add("down " + device);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> fieldUp(DeviceId device) {
        links.add("up " + device);
        return CompletableFuture.completedFuture(null);
    }

    List<Report> reports(DeviceId device) {
        return reports.stream().filter(report -> report.device().equals(device)).toList();
    }

    /** The latest value reported of each property of the device. */
    Map<String, Object> latest(DeviceId device) {
        Map<String, Object> latest = new HashMap<>();
        reports(device).forEach(report -> latest.putAll(report.properties()));
        return latest;
    }

    List<Event> events(DeviceId device) {
        return events.stream().filter(event -> event.device().equals(device)).toList();
    }

    List<String> links() {
        return links;
    }
}
