package io.alink.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.DeviceView;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.http.ApiServer;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminHttpServerTest {

    private static final DeviceId GW = DeviceId.of("a1GwPk0001", "gw01");
    private static final DeviceId SUB = DeviceId.of("a1SubPk001", "sub01");

    static final FakeAdmin admin = new FakeAdmin();
    static AdminHttpServer server;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    @BeforeAll
    static void start() {
        server = AdminHttpServer.start("127.0.0.1", 0, admin);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void resetPlatform() {
        admin.calls.clear();
        admin.refusal = null;
        admin.devices = List.of(
                new DeviceView(GW.productKey(), GW.deviceName(), NodeType.GATEWAY, true, true, null,
                        List.of(new DeviceView.TopoEntry(SUB.productKey(), SUB.deviceName(), true))),
                new DeviceView(SUB.productKey(), SUB.deviceName(), NodeType.SUB_DEVICE, true, false, GW, List.of()));
        admin.deviceBehaviour = timeout -> CompletableFuture.completedFuture(
                AlinkReply.success("7", AlinkJson.object().put("ok", 1)));
    }

    @Nested
    class Devices {
        @Test
        void givenDevices_whenListed_thenEachShowsItsIdentityStateAndGateway() throws Exception {
            HttpResponse<String> response = send("GET", "/api/devices", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(json(response)).isEqualTo(AlinkJson.parse("""
                    [{"productKey":"a1GwPk0001","deviceName":"gw01","nodeType":"GATEWAY","online":true,"enabled":true,"gateway":null},
                     {"productKey":"a1SubPk001","deviceName":"sub01","nodeType":"SUB_DEVICE","online":true,"enabled":false,
                      "gateway":{"productKey":"a1GwPk0001","deviceName":"gw01"}}]"""));
        }

        @Test
        void givenAGateway_whenFetched_thenItsTopologyIsIncluded() throws Exception {
            HttpResponse<String> response = send("GET", "/api/devices/a1GwPk0001/gw01", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("topo")).isEqualTo(AlinkJson.parse("""
                    [{"productKey":"a1SubPk001","deviceName":"sub01","online":true}]"""));
            assertThat(json(response).get("enabled").booleanValue()).isTrue();
        }

        @Test
        void givenAnUnknownDevice_whenFetched_thenNotFound() throws Exception {
            HttpResponse<String> response = send("GET", "/api/devices/a1GwPk0001/nobody", null);

            assertError(response, 404, "not_found", "no device a1GwPk0001/nobody");
        }

        @Test
        void givenANewDevice_whenPosted_thenCreatedWithItsSecretPassedOnButNotEchoed() throws Exception {
            HttpResponse<String> response = send("POST", "/api/devices",
                    "{\"productKey\":\"a1SubPk001\",\"deviceName\":\"sub09\",\"deviceSecret\":\"TopSecret0123\"}");

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).contains("sub09").doesNotContain("TopSecret0123");
            assertThat(admin.calls).anySatisfy(call -> assertThat(call.arguments())
                    .containsExactly("a1SubPk001", new DeviceConfig("sub09", "TopSecret0123")));
        }

        @Test
        void givenADeviceWithoutName_whenPosted_thenBadRequestNamingTheField() throws Exception {
            HttpResponse<String> response = send("POST", "/api/devices", "{\"productKey\":\"a1SubPk001\"}");

            assertError(response, 400, "bad_request", "deviceName: is required (a string)");
        }

        @Test
        void givenTheEnableAndDisableRoutes_whenPosted_thenTheDeviceIsSwitchedAndNoContentReturned() throws Exception {
            assertThat(send("POST", "/api/devices/a1SubPk001/sub01/disable", null).statusCode()).isEqualTo(204);
            assertThat(admin.lastCall().arguments()).containsExactly(SUB, false);
            assertThat(send("POST", "/api/devices/a1SubPk001/sub01/enable", null).statusCode()).isEqualTo(204);
            assertThat(admin.lastCall().arguments()).containsExactly(SUB, true);
        }

        @Test
        void givenATopologyChange_whenAddedAndDeleted_thenThePlatformIsToldWhichGatewayAndSubDevice() throws Exception {
            HttpResponse<String> added = send("POST", "/api/devices/a1GwPk0001/gw01/topo",
                    "{\"productKey\":\"a1SubPk001\",\"deviceName\":\"sub02\"}");
            assertThat(added.statusCode()).isEqualTo(204);
            assertThat(admin.lastCall().operation()).isEqualTo("addTopo");
            assertThat(admin.lastCall().arguments()).containsExactly(GW, DeviceId.of("a1SubPk001", "sub02"));

            HttpResponse<String> deleted = send("DELETE", "/api/devices/a1GwPk0001/gw01/topo/a1SubPk001/sub02", null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(admin.lastCall().operation()).isEqualTo("deleteTopo");
            assertThat(admin.lastCall().arguments()).containsExactly(GW, DeviceId.of("a1SubPk001", "sub02"));
        }

        @Test
        void givenThePlatformRefuses_whenAsked_thenItsStatusAndMessageAreAnswered() throws Exception {
            admin.refusal = FakeAdmin.refused(409, "device a1SubPk001/sub01 exists");

            HttpResponse<String> response = send("POST", "/api/devices", "{\"productKey\":\"a1SubPk001\",\"deviceName\":\"sub01\"}");

            assertError(response, 409, "conflict", "device a1SubPk001/sub01 exists");
        }
    }

    @Nested
    class Products {
        @Test
        void givenAProduct_whenPosted_thenCreatedAndNoSecretIsEchoed() throws Exception {
            HttpResponse<String> response = send("POST", "/api/products", """
                    {"productKey":"a1NewPk001","productSecret":"ProdSecretXyz","nodeType":"GATEWAY",
                     "dynamicRegistration":true,"devices":[{"deviceName":"g1","deviceSecret":"DevSecretXyz"},{"deviceName":"g2"}]}""");

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(json(response)).isEqualTo(AlinkJson.parse("""
                    {"productKey":"a1NewPk001","nodeType":"GATEWAY","dynamicRegistration":true,
                     "devices":[{"deviceName":"g1"},{"deviceName":"g2"}]}"""));
            assertThat(admin.lastCall().arguments()).containsExactly(new ProductConfig("a1NewPk001", "ProdSecretXyz",
                    NodeType.GATEWAY, true, List.of(new DeviceConfig("g1", "DevSecretXyz"), new DeviceConfig("g2", null))));
        }

        @Test
        void givenABadNodeType_whenPosted_thenBadRequestNamingTheFieldAndTheChoices() throws Exception {
            HttpResponse<String> response = send("POST", "/api/products", """
                    {"productKey":"a1NewPk001","nodeType":"HUB","devices":[]}""");

            assertError(response, 400, "bad_request", "nodeType: expected one of GATEWAY, SUB_DEVICE, DEVICE, found \"HUB\"");
        }

        @Test
        void givenADeviceWithoutName_whenPosted_thenTheErrorGivesItsIndex() throws Exception {
            HttpResponse<String> response = send("POST", "/api/products", """
                    {"productKey":"a1NewPk001","nodeType":"DEVICE","devices":[{"deviceName":"d1"},{"deviceSecret":"s"}]}""");

            assertError(response, 400, "bad_request", "devices[1].deviceName: is required (a string)");
        }
    }

    @Nested
    class ServiceCalls {
        @Test
        void givenADeviceThatReplies_whenAServiceIsInvoked_thenItsReplyEnvelopeIsReturned() throws Exception {
            HttpResponse<String> response = send("POST", "/api/devices/a1SubPk001/sub01/services/reboot?timeoutMs=2500",
                    "{\"delay\":3}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response)).isEqualTo(AlinkJson.parse("{\"id\":\"7\",\"code\":200,\"data\":{\"ok\":1},\"message\":\"success\"}"));
            assertThat(admin.lastCall().arguments())
                    .containsExactly(SUB, "reboot", AlinkJson.parse("{\"delay\":3}"), Duration.ofMillis(2500));
        }

        @Test
        void givenNoTimeout_whenAServiceIsInvokedWithAnEmptyBody_thenFiveSecondsAndEmptyParamsAreUsed() throws Exception {
            HttpResponse<String> response = send("POST", "/api/devices/a1SubPk001/sub01/services/reboot", "");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(admin.lastCall().arguments()).containsExactly(SUB, "reboot", AlinkJson.object(), Duration.ofMillis(5000));
        }

        @Test
        void givenADeviceErrorReply_whenInvoked_thenTheReplyIsReturnedAsIsWithStatus200() throws Exception {
            admin.deviceBehaviour = timeout -> CompletableFuture.completedFuture(AlinkReply.error("9", 460, "bad params"));

            HttpResponse<String> response = send("POST", "/api/devices/a1SubPk001/sub01/services/reboot", "{}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("code").intValue()).isEqualTo(460);
            assertThat(json(response).get("message").textValue()).isEqualTo("bad params");
        }

        @Test
        void givenADeviceThatNeverReplies_whenInvoked_thenGatewayTimeout() throws Exception {
            admin.deviceBehaviour = FakeAdmin::neverReplies;

            HttpResponse<String> response = send("POST", "/api/devices/a1SubPk001/sub01/services/reboot?timeoutMs=50", "{}");

            assertError(response, 504, "timeout", "device a1SubPk001/sub01 did not reply within 50 ms");
        }

        @Test
        void givenATimeoutWrappedInACompletionException_whenInvoked_thenStillGatewayTimeout() throws Exception {
            admin.deviceBehaviour = timeout -> FakeAdmin.neverReplies(timeout).thenApply(reply -> reply);

            HttpResponse<String> response = send("POST", "/api/devices/a1SubPk001/sub01/properties?timeoutMs=50", "{\"a\":1}");

            assertThat(response.statusCode()).isEqualTo(504);
        }

        @Test
        void givenAnOfflineDevice_whenInvoked_thenThePlatformsConflictIsAnswered() throws Exception {
            admin.deviceBehaviour = timeout -> CompletableFuture.failedFuture(FakeAdmin.refused(409, "a1SubPk001/sub01 is offline"));

            HttpResponse<String> response = send("POST", "/api/devices/a1SubPk001/sub01/services/reboot", "{}");

            assertError(response, 409, "conflict", "a1SubPk001/sub01 is offline");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "60001", "-5", "soon", "1.5"})
        void givenATimeoutOutOfRange_whenInvoked_thenBadRequestBeforeTheDeviceIsCalled(String timeout) throws Exception {
            HttpResponse<String> response = send("POST",
                    "/api/devices/a1SubPk001/sub01/services/reboot?timeoutMs=" + timeout, "{}");

            assertError(response, 400, "bad_request", "timeoutMs must be a whole number from 1 to 60000");
            assertThat(admin.calls).noneMatch(call -> call.operation().equals("invokeService"));
        }

        @Test
        void givenMoreCallsWaitingForDevicesThanServerThreads_whenAnotherRequestArrives_thenItIsAnsweredMeanwhile()
                throws Exception {
            CompletableFuture<AlinkReply> deviceReply = new CompletableFuture<>();
            admin.deviceBehaviour = timeout -> deviceReply;
            List<CompletableFuture<HttpResponse<String>>> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                waiting.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/api/devices/a1SubPk001/sub01/services/reboot?timeoutMs=60000"))
                        .POST(BodyPublishers.ofString("{}")).build(), BodyHandlers.ofString()));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    admin.calls.stream().filter(c -> c.operation().equals("invokeService")).count() == 12);

            assertThat(send("GET", "/api/devices", null).statusCode()).isEqualTo(200);
            assertThat(waiting).noneMatch(CompletableFuture::isDone);

            deviceReply.complete(AlinkReply.success("1", AlinkJson.object()));
            for (CompletableFuture<HttpResponse<String>> call : waiting) {
                assertThat(call.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }

        @Test
        void givenPropertiesToSet_whenPosted_thenTheDevicesReplyIsReturned() throws Exception {
            HttpResponse<String> response = send("POST", "/api/devices/a1SubPk001/sub01/properties", "{\"LightSwitch\":1}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("code").intValue()).isEqualTo(200);
            assertThat(admin.lastCall().operation()).isEqualTo("setProperties");
            assertThat(admin.lastCall().arguments())
                    .containsExactly(SUB, AlinkJson.parse("{\"LightSwitch\":1}"), Duration.ofMillis(5000));
        }

        @Test
        void givenParamsThatAreNotAnObject_whenPosted_thenBadRequest() throws Exception {
            HttpResponse<String> response = send("POST", "/api/devices/a1SubPk001/sub01/properties", "[1,2]");

            assertError(response, 400, "bad_request", "expected a JSON object, found array");
        }
    }

    @Nested
    class Messages {
        @Test
        void givenTextAndBinaryPayloads_whenListed_thenTextIsVerbatimAndBinaryIsBase64() throws Exception {
            byte[] binary = {(byte) 0xff, 0x00, (byte) 0xc3, 0x28};
            admin.messages = List.of(
                    new MessageRecord(1, 1000, SUB, "/sys/a1SubPk001/sub01/thing/event/property/post",
                            "{\"t\":\"é\"}".getBytes(StandardCharsets.UTF_8), 0),
                    new MessageRecord(2, 2000, GW, "/a1GwPk0001/gw01/user/raw", binary, 1));

            HttpResponse<String> response = send("GET", "/api/messages", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response)).isEqualTo(AlinkJson.parse("""
                    [{"time":1000,"topic":"/sys/a1SubPk001/sub01/thing/event/property/post","payload":"{\\"t\\":\\"é\\"}"},
                     {"time":2000,"topic":"/a1GwPk0001/gw01/user/raw","payload":"/wDDKA==","payloadEncoding":"base64"}]"""));
            assertThat(admin.lastCall().arguments()).containsExactly(null, 100);
        }

        @Test
        void givenADeviceAndALimit_whenListed_thenThePlatformIsAskedForThatDeviceAndCount() throws Exception {
            HttpResponse<String> response = send("GET", "/api/messages?productKey=a1SubPk001&deviceName=sub01&limit=100000", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(admin.lastCall().arguments()).containsExactly(SUB, 100000);
        }

        @Test
        void givenAProductKeyWithoutDeviceName_whenListed_thenBadRequest() throws Exception {
            assertError(send("GET", "/api/messages?productKey=a1SubPk001", null), 400, "bad_request",
                    "give both productKey and deviceName, or neither for all devices");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "100001", "many"})
        void givenALimitOutOfRange_whenListed_thenBadRequest(String limit) throws Exception {
            assertError(send("GET", "/api/messages?limit=" + limit, null), 400, "bad_request",
                    "limit must be a whole number from 1 to 100000");
        }
    }

    @Nested
    class DynamicRegistration {
        @Test
        void givenAValidForm_whenRegistering_thenHttp200WithTheSecretInData() throws Exception {
            admin.registrationOutcome = AlinkReply.success("", AlinkJson.object().put("productKey", "a1SubPk001")
                    .put("deviceName", "sub03").put("deviceSecret", "Issued0123"));

            HttpResponse<String> response = sendForm("productKey=a1SubPk001&deviceName=sub03&random=123&sign=ab%2Bcd&signMethod=hmacsha256");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response)).isEqualTo(AlinkJson.parse("""
                    {"code":200,"data":{"productKey":"a1SubPk001","deviceName":"sub03","deviceSecret":"Issued0123"},"message":"success"}"""));
            assertThat(admin.lastCall().arguments()).containsExactly(Map.of("productKey", "a1SubPk001",
                    "deviceName", "sub03", "random", "123", "sign", "ab+cd", "signMethod", "hmacsha256"));
        }

        @Test
        void givenARefusal_whenRegistering_thenHttp200WithTheCodeAndMessageOnly() throws Exception {
            admin.registrationOutcome = AlinkReply.error("", 401, "request auth error");

            HttpResponse<String> response = sendForm("productKey=a1SubPk001&deviceName=sub03&random=1&sign=00&signMethod=hmacsha256");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response)).isEqualTo(AlinkJson.parse("{\"code\":401,\"message\":\"request auth error\"}"));
        }

        @Test
        void givenAnUnparseableForm_whenRegistering_thenHttp200WithCode460() throws Exception {
            HttpResponse<String> response = sendForm("productKey=%zz&deviceName=x");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("code").intValue()).isEqualTo(460);
            assertThat(json(response).get("message").textValue()).startsWith("the body is not a valid application/x-www-form-urlencoded form");
            assertThat(admin.calls).isEmpty();
        }
    }

    @Nested
    class Protocol {
        @Test
        void givenMoreClientsStuckHalfwayThroughARequestLineThanServerThreads_whenAnotherRequestArrives_thenItIsAnswered()
                throws Exception {
            List<Socket> stuck = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 2 * ApiServer.DEFAULT_THREADS; i++) {
                    Socket socket = new Socket("127.0.0.1", server.port());
                    socket.getOutputStream().write("GET /x HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                    stuck.add(socket);
                }

                assertThat(send("GET", "/api/devices", null).statusCode()).isEqualTo(200);
            } finally {
                for (Socket socket : stuck) {
                    socket.close();
                }
            }
        }

        @Test
        void givenAnUnknownRoute_whenRequested_thenNotFoundAsJson() throws Exception {
            assertError(send("GET", "/api/nothing/here", null), 404, "not_found", "no such route: GET /api/nothing/here");
        }

        @Test
        void givenAKnownRouteAndTheWrongMethod_whenRequested_thenMethodNotAllowedListingTheRightOnes() throws Exception {
            HttpResponse<String> response = send("PUT", "/api/devices", "{}");

            assertError(response, 405, "method_not_allowed", "PUT is not allowed here; use GET, POST");
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST");
        }

        @Test
        void givenABodyOverOneMebibyte_whenPosted_thenPayloadTooLarge() throws Exception {
            int declared = (1 << 20) + 1;

            // the headers alone: the server refuses by the declared length, before any of the body
            String response = headersOnly("POST /api/products HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + declared + "\r\n\r\n");

            assertThat(response).startsWith("HTTP/1.1 413 ").contains("\"payload_too_large\"",
                    "the request body is larger than 1048576 bytes (1 MiB)");
            assertThat(admin.calls).isEmpty();
        }

        /** Sends {@code head} on a socket of its own and reads one response: its status line, headers and body. */
        private String headersOnly(String head) throws Exception {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                java.io.InputStream in = socket.getInputStream();
                java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
                String text = "";
                int headEnd = -1;
                while (headEnd < 0) {
                    int b = in.read();
                    if (b < 0) {
                        return read.toString(java.nio.charset.StandardCharsets.UTF_8);
                    }
                    read.write(b);
                    text = read.toString(java.nio.charset.StandardCharsets.UTF_8);
                    headEnd = text.indexOf("\r\n\r\n");
                }
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                        .matcher(text);
                int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
                return text + new String(in.readNBytes(bodyLength), java.nio.charset.StandardCharsets.UTF_8);
            }
        }

        @Test
        void givenAnOversizedBodyOfUndeclaredLength_whenPosted_thenPayloadTooLarge() throws Exception {
            byte[] body = new byte[(1 << 20) + 10];
            java.util.Arrays.fill(body, (byte) ' ');

            HttpResponse<String> response = sendBody("POST", "/api/products",
                    BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));

            assertThat(response.statusCode()).isEqualTo(413);
        }

        @Test
        void givenMalformedJson_whenPosted_thenBadRequestSayingWhereAndWhat() throws Exception {
            HttpResponse<String> response = send("POST", "/api/products", "{\"productKey\": \"a\",\n \"nodeType\" GATEWAY}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("message").textValue()).startsWith("malformed JSON at line 2, column 13: Unexpected character");
        }

        @Test
        void givenAnInvalidDeviceNameInThePath_whenRequested_thenBadRequest() throws Exception {
            assertError(send("GET", "/api/devices/a1GwPk0001/bad%20name", null), 400, "bad_request",
                    "deviceName has the whitespace U+0020 at position 4");
        }

        @Test
        void givenAFailureInsideThePlatform_whenRequested_thenInternalErrorWithoutAStackTrace() throws Exception {
            admin.refusal = new IllegalStateException("boom at io.alink.Secret");

            HttpResponse<String> response = send("GET", "/api/devices", null);

            assertError(response, 500, "internal_error", "internal error; see the emulator's log");
            assertThat(response.body()).doesNotContain("boom").doesNotContain("Exception");
        }

        @Test
        void givenTheRootPath_whenRequested_thenAPageWhoseScriptAndStyleComeFromThisServerAndCallTheApi()
                throws Exception {
            HttpResponse<String> page = send("GET", "/", null);
            HttpResponse<String> script = send("GET", "/console.js", null);
            HttpResponse<String> style = send("GET", "/console.css", null);

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("src=\"/console.js\"", "href=\"/console.css\"")
                    .doesNotContain("src=\"http", "href=\"http", "//cdn");
            assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(script.body()).contains("'/api/devices'", "new EventSource('/api/stream").doesNotContain("http");
            assertThat(style.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        }

        @Test
        void givenAServer_whenClosed_thenItStopsListeningPromptly() throws Exception {
            AdminHttpServer other = AdminHttpServer.start("127.0.0.1", 0, admin);
            int port = other.port();
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/devices")).build(),
                    BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            long started = System.nanoTime();
            other.close();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/devices"))
                    .build(), BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String error, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response)).isEqualTo(AlinkJson.object().put("error", error).put("message", message));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return AlinkJson.parse(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return sendBody(method, path, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> sendBody(String method, String path, BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).method(method, body).header("Content-Type", "application/json").build();
        return client.send(request, BodyHandlers.ofString());
    }

    private static HttpResponse<String> sendForm(String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/auth/register/device"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form)).build();
        return client.send(request, BodyHandlers.ofString());
    }
}
