package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.daemon.connector.Connectors;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.GatewayConfig;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.http.ApiServer;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The southbound API behind a bearer token, in front of a gateway that is not connected (nothing listens on port 1 of
 * the loopback, and connect() is never called): what needs the token, what a probe sees, what /metrics shows.
 */
class SouthboundTokenAndHealthTest {

    private static final String TOKEN = "Adapters-0nly_token.0123456789";
    private static final DeviceId GATEWAY = DeviceId.of("a1GwToken1", "gw01");
    private static final DeviceId SUB = DeviceId.of("a1SubTokn1", "sub1");
    private static final List<GatewayFile.Device> CONFIGURED = List.of(new GatewayFile.Device(SUB, "SubSecret1", null),
            new GatewayFile.Device(DeviceId.of("a1SubTokn1", "sub2"), "SubSecret2", null));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @TempDir
    static Path store;
    private static GatewayClient client;
    private static ScheduledExecutorService timer;
    private static DaemonMetrics metrics;
    private static ApiServer server;

    @BeforeAll
    static void serving() {
        client = GatewayClient.create(GatewayConfig.builder()
                .productKey(GATEWAY.productKey()).deviceName(GATEWAY.deviceName()).deviceSecret("GatewaySecret01")
                .endpoint("127.0.0.1", 1, false).storeDir(store).outbox(OutboxLimits.DEFAULT).build());
        SubDevices devices = new SubDevices(CONFIGURED);
        timer = new ScheduledThreadPoolExecutor(1);
        metrics = new DaemonMetrics(client, devices);
        server = new SouthboundApi(client, devices, new Commands(devices::isConfigured, Duration.ofSeconds(30), timer),
                metrics, Connectors.create(List.of(), null, null, null)).serve("127.0.0.1", 0, TOKEN);
    }

    @AfterAll
    static void stop() {
        server.close();
        metrics.close();
        client.close();
        timer.shutdownNow();
    }

    @Test
    void givenNoToken_whenTheApiIsCalled_thenUnauthorizedAndNothingIsServed() throws Exception {
        HttpResponse<String> devices = send(request("/v1/devices"));
        HttpResponse<String> metricsPage = send(request("/metrics"));
        HttpResponse<String> post = send(request("/v1/devices/a1SubTokn1/sub1/properties")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Temperature\":21.5}")));

        assertThat(List.of(devices, metricsPage, post)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(AlinkJson.parse(response.body()).path("error").asText()).isEqualTo("unauthorized");
        });
        assertThat(client.outboxQueuedByDevice()).doesNotContainKey(SUB);
    }

    @Test
    void givenTheToken_whenTheDevicesAreListed_thenTheyAre() throws Exception {
        HttpResponse<String> response = send(request("/v1/devices").header("Authorization", "Bearer " + TOKEN));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AlinkJson.parse(response.body())).hasSize(2);
    }

    @Test
    void givenAProbeWithoutToken_whenItAsksForHealth_thenTheProcessServes() throws Exception {
        HttpResponse<String> response = send(request("/healthz"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AlinkJson.parse(response.body()).path("status").asText()).isEqualTo("serving");
    }

    @Test
    void givenNoConnection_whenAProbeAsksForReadiness_thenUnavailableWithTheCounts() throws Exception {
        HttpResponse<String> response = send(request("/readyz"));

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = AlinkJson.parse(response.body());
        assertThat(body.path("error").asText()).isEqualTo("unavailable");
        assertThat(body.path("message").asText()).isEqualTo("not connected to the platform");
        assertThat(body.path("ready").asBoolean(true)).isFalse();
        assertThat(body.path("subDevicesOnline").asInt(-1)).isZero();
        assertThat(body.path("subDevicesConfigured").asInt()).isEqualTo(2);
    }

    @Test
    void givenTheGatewaysOwnIdentity_whenItsPropertiesAndAnEventArePosted_thenBothAreJournaled() throws Exception {
        String gateway = "/v1/devices/" + GATEWAY.productKey() + "/" + GATEWAY.deviceName();
        long before = client.outboxQueuedByDevice().getOrDefault(GATEWAY, 0L);

        HttpResponse<String> properties = send(authorized(gateway + "/properties")
                .POST(HttpRequest.BodyPublishers.ofString("{\"CpuUsage\":12}")));
        HttpResponse<String> event = send(authorized(gateway + "/events/overheat")
                .POST(HttpRequest.BodyPublishers.ofString("{\"celsius\":81}")));

        assertThat(properties.statusCode()).as(properties.body()).isEqualTo(202);
        assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
        assertThat(client.outboxQueuedByDevice().get(GATEWAY)).isEqualTo(before + 2);
    }

    @Test
    void givenAPrometheusScrape_whenMetricsAreRead_thenTheJvmAndTheProcessAreBesideTheGateway() throws Exception {
        HttpResponse<String> response = send(authorized("/metrics"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("alink_gateway_connected 0", "jvm_memory_used_bytes{",
                "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads", "system_cpu_count",
                "process_uptime_seconds", "process_files_open_files");
    }

    @Test
    void givenAScraperAskingForOpenMetrics_whenMetricsAreRead_thenTheyComeInThatFormat() throws Exception {
        HttpResponse<String> response = send(authorized("/metrics").header("Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/openmetrics-text; version=1.0.0"));
        assertThat(response.body()).contains("alink_gateway_connected 0").endsWith("# EOF\n");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.Builder authorized(String path) {
        return request(path).header("Authorization", "Bearer " + TOKEN);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
