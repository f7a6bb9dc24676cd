package io.alink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.gateway.Gateway;
import io.alink.gateway.GatewayCallback;
import io.alink.protocol.AlinkJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * The seed document's walk-through with the seed-compatible {@link Gateway}, in the document's order, printing one
 * line per step. A step that fails does not stop the walk: later steps report their own outcome.
 */
final class DemoWalkthrough {

    /**
     * What the walk-through uses.
     *
     * @param connectInfo the map given to {@link Gateway#connect}
     * @param subDevices  for addTopo, login, logout and removeTopo
     * @param register    for registerSubDevice
     * @param admin       an emulator's admin API that triggers the service call; null to wait for one instead
     * @param serviceWait how long to wait for a service call from the cloud when there is no admin API
     */
    record Settings(Map<String, Object> connectInfo, List<Map<String, Object>> subDevices,
                    List<Map<String, Object>> register, String topic, URI admin, Duration serviceWait, Path store) {
    }

    enum Status { OK, SKIPPED, FAILED }

    private record Outcome(Status status, String detail) {
    }

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);
    private static final String SERVICE = "demo_echo";
    private static final String PAYLOAD = "device publish and subcribe test";
    private static final int[] EVENTS = {Gateway.ON_CONNECT, Gateway.ON_DISCONNECT, Gateway.ON_SUBCRIBE,
            Gateway.ON_LOGIN, Gateway.ON_LOGOUT, Gateway.ON_TOPOADD, Gateway.ON_TOPOREMOVE, Gateway.ON_TOPOGET,
            Gateway.ON_SUBREGISTER, Gateway.ON_SERVICE};

    private final Settings settings;
    private final PrintWriter out;
    private final Map<Integer, BlockingQueue<Map<String, Object>>> events = new ConcurrentHashMap<>();
    private final List<Status> results = new ArrayList<>();
    private Gateway gateway;
    private boolean loggedIn;

    DemoWalkthrough(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
        for (int event : EVENTS) {
            events.put(event, new LinkedBlockingQueue<>());
        }
    }

    /** Runs every step; true when none failed (skipped ones do not count as failures). */
    boolean run() {
        step("create", this::create);
        step("connect", this::connect);
        step("getGatewayInfo", this::gatewayInfo);
        step("getGatewayHandle", () -> gateway.getGatewayHandle() != null
                ? ok("get gateway handle succeed: " + gateway.getGatewayHandle())
                : failed("getGatewayHandle returned null"));
        step("getNtpTime", this::ntpTime);
        step("addTopo", () -> listStep(Gateway.ON_TOPOADD, settings.subDevices(), "subDevices", gateway::addTopo));
        step("getTopo", this::topo);
        step("login", () -> {
            Outcome outcome = listStep(Gateway.ON_LOGIN, settings.subDevices(), "subDevices", gateway::login);
            loggedIn = outcome.status() == Status.OK;
            return outcome;
        });
        step("registerSubDevice", () -> listStep(Gateway.ON_SUBREGISTER, settings.register(), "register",
                gateway::registerSubDevice));
        step("subscribe", () -> returned(gateway.subscribe(topicInfo()), "subscribed " + settings.topic()));
        step("publish", this::publish);
        step("service call (ON_SERVICE)", this::serviceCall);
        step("unsubscribe", () -> returned(gateway.unsubscribe(topicInfo()), "unsubscribed " + settings.topic()));
        step("logout", () -> listStep(Gateway.ON_LOGOUT, settings.subDevices(), "subDevices", gateway::logout));
        step("removeTopo", () -> listStep(Gateway.ON_TOPOREMOVE, settings.subDevices(), "subDevices",
                gateway::removeTopo));
        step("end", () -> returned(gateway.end(), "getway end succeed"));
        long ok = results.stream().filter(Status.OK::equals).count();
        long skipped = results.stream().filter(Status.SKIPPED::equals).count();
        long failed = results.size() - ok - skipped;
        out.printf("demo: %d steps, %d ok, %d skipped, %d failed%n", results.size(), ok, skipped, failed);
        out.flush();
        return failed == 0;
    }

    private void step(String name, Supplier<Outcome> action) {
        Outcome outcome;
        if (gateway == null && !name.equals("create")) {
            outcome = failed("no gateway was created");
        } else {
            try {
                outcome = action.get();
            } catch (RuntimeException e) {
                outcome = failed(e.toString());
            }
        }
        results.add(outcome.status());
        out.printf("[%2d] %-26s %-7s %s%n", results.size(), name, outcome.status().name().toLowerCase(),
                outcome.detail());
        out.flush();
    }

    private Outcome create() {
        gateway = new Gateway(settings.store());
        for (int event : EVENTS) {
            if (event != Gateway.ON_SERVICE) {
                gateway.on(event, events.get(event)::add);
            }
        }
        gateway.on(Gateway.ON_SERVICE, this::answerService);
        return ok("create gateway succeed!");
    }

    private Outcome connect() {
        int rc = gateway.connect(settings.connectInfo());
        if (rc != 0) {
            return failed("connect returned " + rc);
        }
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> refused = events.get(Gateway.ON_DISCONNECT).poll();
            if (refused != null) {
                return failed("ON_DISCONNECT code " + refused.get("code") + ": " + refused.get("message"));
            }
            Map<String, Object> connected = poll(Gateway.ON_CONNECT, Duration.ofMillis(100));
            if (connected != null) {
                return ok("ON_CONNECT code " + connected.get("code") + ": connected to "
                        + gateway.getGatewayHandle().config().endpoint().host() + ":"
                        + gateway.getGatewayHandle().config().endpoint().port());
            }
        }
        return failed("no ON_CONNECT within " + EVENT_TIMEOUT.toSeconds() + " s");
    }

    private Outcome gatewayInfo() {
        Map<String, Object> info = gateway.getGatewayInfo();
        if (info == null) {
            return failed("get gatewayinfo failed: nothing stored in " + settings.store());
        }
        String shown = info.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getKey().endsWith("Secret") && e.getValue() != null ? "***"
                        : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
        return ok("get gatewayinfo succeed " + shown);
    }

    private Outcome ntpTime() {
        BlockingQueue<Map<String, Object>> answer = new LinkedBlockingQueue<>();
        if (gateway.getNtpTime(answer::add) == null) {
            return failed("getNtpTime returned None: not connected");
        }
        Map<String, Object> time = poll(answer, EVENT_TIMEOUT);
        if (time == null || !Integer.valueOf(0).equals(time.get("code"))) {
            return failed(time == null ? "no answer within " + EVENT_TIMEOUT.toSeconds() + " s"
                    : "code " + time.get("code") + ": " + time.get("message"));
        }
        long timestamp = (Long) time.get("timestamp");
        return ok("timestamp: " + timestamp + " (" + Instant.ofEpochMilli(timestamp) + ")");
    }

    /** A list operation of the seed: the method returns 0, then its event reports code 0. */
    private Outcome listStep(int event, List<Map<String, Object>> list, String key,
                             ToIntFunction<List<Map<String, Object>>> method) {
        if (list.isEmpty()) {
            return skipped("no " + key + " configured");
        }
        events.get(event).clear();
        int rc = method.applyAsInt(list);
        if (rc != 0) {
            return failed("returned " + rc);
        }
        Map<String, Object> result = poll(event, EVENT_TIMEOUT);
        if (result == null) {
            return failed("no event within " + EVENT_TIMEOUT.toSeconds() + " s");
        }
        if (!Integer.valueOf(0).equals(result.get("code"))) {
            return failed("code " + result.get("code") + ": " + result.get("message"));
        }
        return ok("code 0, sub-devices " + names(result.get("devices")));
    }

    private Outcome topo() {
        events.get(Gateway.ON_TOPOGET).clear();
        int rc = gateway.getTopo();
        if (rc != 0) {
            return failed("returned " + rc);
        }
        Map<String, Object> result = poll(Gateway.ON_TOPOGET, EVENT_TIMEOUT);
        if (result == null) {
            return failed("no ON_TOPOGET within " + EVENT_TIMEOUT.toSeconds() + " s");
        }
        return Integer.valueOf(0).equals(result.get("code"))
                ? ok("{'code': 0, 'message': '" + result.get("message") + "'}")
                : failed("code " + result.get("code") + ": " + result.get("message"));
    }

    private Outcome publish() {
        events.get(Gateway.ON_SUBCRIBE).clear();
        int rc = gateway.publish(topicInfo());
        if (rc != 0) {
            return failed("returned " + rc);
        }
        Map<String, Object> received = poll(Gateway.ON_SUBCRIBE, EVENT_TIMEOUT);
        if (received == null) {
            return failed("published, but nothing came back through ON_SUBCRIBE");
        }
        return PAYLOAD.equals(received.get("payload"))
                ? ok("published and received back through ON_SUBCRIBE: '" + received.get("payload") + "'")
                : failed("ON_SUBCRIBE delivered '" + received.get("payload") + "' on " + received.get("topic"));
    }

    private Outcome serviceCall() {
        if (gateway.getGatewayHandle() == null) {
            return failed("not connected");
        }
        events.get(Gateway.ON_SERVICE).clear();
        Map<String, Object> target = loggedIn ? settings.subDevices().get(0) : settings.connectInfo();
        String device = target.get("productKey") + "/" + target.get("deviceName");
        if (settings.admin() == null) {
            Map<String, Object> call = poll(Gateway.ON_SERVICE, settings.serviceWait());
            return call == null ? skipped("no service call from the cloud within " + settings.serviceWait().toSeconds()
                    + " s") : ok("answered " + call.get("service_id") + " for " + call.get("deviceName"));
        }
        JsonNode reply = invokeThroughAdmin(device);
        Map<String, Object> call = poll(Gateway.ON_SERVICE, Duration.ZERO);
        if (call == null) {
            return failed("the cloud's call did not reach ON_SERVICE");
        }
        return reply.path("code").asInt() == 200
                ? ok("cloud invoked " + SERVICE + " on " + device + "; ON_SERVICE answered; cloud got code 200 "
                        + reply.path("data"))
                : failed("cloud got " + reply);
    }

    /** Calls the service through the emulator's admin API, as a cloud application would; returns its reply. */
    private JsonNode invokeThroughAdmin(String device) {
        URI uri = settings.admin().resolve("/api/devices/" + device + "/services/" + SERVICE + "?timeoutMs=10000");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(EVENT_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello from the cloud\"}"))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the admin API answered HTTP " + response.statusCode() + ": "
                        + response.body());
            }
            return AlinkJson.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the admin API at " + settings.admin() + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The demo's ON_SERVICE callback: echoes the call's parameters back to the cloud. */
    private void answerService(Map<String, Object> call) {
        // recorded first: once the reply is out, the cloud's side of the step may already be checking
        events.get(Gateway.ON_SERVICE).add(call);
        ((GatewayCallback) call.get("reply")).call(Map.of("code", 200,
                "data", Map.of("echo", String.valueOf(call.get("params")), "answeredBy", "alink demo")));
    }

    private Outcome returned(int rc, String success) {
        return rc == 0 ? ok(success) : failed("returned " + rc);
    }

    private Map<String, Object> topicInfo() {
        return Map.of("topic", settings.topic(), "qos", 1, "payload", PAYLOAD);
    }

    private Map<String, Object> poll(int event, Duration timeout) {
        return poll(events.get(event), timeout);
    }

    private static Map<String, Object> poll(BlockingQueue<Map<String, Object>> queue, Duration timeout) {
        try {
            return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String names(Object devices) {
        if (!(devices instanceof List<?> list)) {
            return "[]";
        }
        return list.stream().map(d -> d instanceof Map<?, ?> m ? m.get("productKey") + "/" + m.get("deviceName")
                : String.valueOf(d)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static Outcome ok(String detail) {
        return new Outcome(Status.OK, detail);
    }

    private static Outcome skipped(String detail) {
        return new Outcome(Status.SKIPPED, detail);
    }

    private static Outcome failed(String detail) {
        return new Outcome(Status.FAILED, detail);
    }
}
