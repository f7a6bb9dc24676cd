package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttClientId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SignMethod;
import io.alink.protocol.Signing;
import io.alink.protocol.TopicKind;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * One-type-one-secret registration of the gateway itself: trades the productSecret for the device's own secret,
 * over HTTPS ({@code /auth/register/device}) or over MQTT ({@code authType=register}, answer on
 * {@code /ext/register}). Completes with the issued deviceSecret.
 */
final class DynamicRegistration {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final GatewayConfig config;
    private final DeviceId device;
    private final String productSecret;
    private final PendingReplies<String> pending;
    private final String what;

    DynamicRegistration(GatewayConfig config, PendingReplies<String> pending) {
        this.config = config;
        this.device = config.gateway();
        this.what = "dynamic registration of " + device;
        this.productSecret = config.productSecret().orElseThrow(
                () -> new InvalidRequestException("dynamic registration needs a productSecret"));
        this.pending = pending;
    }

    CompletableFuture<String> register(Executor listenerThread) {
        return switch (config.registrationMode()) {
            case HTTPS -> overHttps();
            case MQTT -> overMqtt(listenerThread);
        };
    }

    private CompletableFuture<String> overHttps() {
        String random = random();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("productKey", device.productKey());
        form.put("deviceName", device.deviceName());
        form.put("random", random);
        form.put("sign", Signing.registrationSign(SignMethod.HMAC_SHA256, device, productSecret, random));
        form.put("signMethod", SignMethod.HMAC_SHA256.wireName());
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(config.requestTimeout());
        if ("https".equalsIgnoreCase(config.registrationUri().getScheme())) {
            http.sslContext(Tls.sslContext(config.caFile().orElse(null)));
        }
        HttpRequest request = HttpRequest.newBuilder(config.registrationUri())
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/xml,text/javascript,text/html,application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.build().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        throw new CompletionException(cause instanceof HttpTimeoutException
                                ? new RequestTimeoutException(what + " at " + config.registrationUri(),
                                        config.requestTimeout())
                                : new ConnectionException(what + " at " + config.registrationUri() + " failed: "
                                        + cause.getMessage(), cause));
                    }
                    return secretOf(response.body(), "HTTP " + response.statusCode());
                });
    }

    private CompletableFuture<String> overMqtt(Executor listenerThread) {
        String key = AlinkTopic.of(TopicKind.REGISTER, null).topic();
        CompletableFuture<String> secret = pending.expect(key, what + " over MQTT");
        HiveMqTransport transport = new HiveMqTransport(config.endpoint(), config.caFile().orElse(null),
                // a registration connection is closed by the platform once the secret is out: never reconnected
                config.requestTimeout(), null, () -> 0, new Transport.Listener() {
                    @Override
                    public void message(String topic, byte[] payload, int qos) {
                        if (topic.equals(key)) {
                            try {
                                pending.complete(key, secretOf(payload, "the /ext/register push"));
                            } catch (GatewayException e) {
                                pending.fail(key, e);
                            }
                        }
                    }

                    @Override
                    public void connected(boolean reconnect) {
                    }

                    @Override
                    public void disconnected(Throwable cause) {
                    }
                }, listenerThread);
        MqttCredentials registration = MqttCredentials.forRegistration(device, productSecret, random(),
                config.endpoint().tls());
        MqttCredentials credentials = config.instanceId()
                .map(instance -> registration.withClientIdOption(MqttClientId.INSTANCE_ID, instance))
                .orElse(registration);
        transport.connect(credentials, config.keepAliveSeconds())
                .whenComplete((connected, error) -> {
                    if (error != null) {
                        pending.fail(key, error instanceof CompletionException ? error.getCause() : error);
                    }
                });
        // the platform closes the connection after the push; closing it here too is harmless
        return secret.whenComplete((issued, error) -> transport.disconnect());
    }

    /** The deviceSecret of a registration answer {@code {code, data: {deviceSecret}, message}}. */
    private String secretOf(byte[] body, String source) {
        JsonNode json;
        try {
            json = AlinkJson.parse(body);
        } catch (AlinkFormatException e) {
            throw new ConnectionException(what + ": " + source + " is not JSON", null);
        }
        JsonNode code = json.get("code");
        int replyCode = code == null ? ReplyCode.SUCCESS : code.asInt(-1);
        if (replyCode != ReplyCode.SUCCESS) {
            String message = AlinkJson.text(json, "message");
            throw new AlinkReplyException(what, replyCode,
                    message == null ? ReplyCode.defaultMessage(replyCode) : message, AlinkJson.nodes().nullNode(),
                    hint(replyCode));
        }
        JsonNode data = json.has("data") ? json.get("data") : json;
        String secret = AlinkJson.text(data, "deviceSecret");
        if (secret == null || secret.isEmpty()) {
            throw new ConnectionException(what + ": " + source + " carries no deviceSecret", null);
        }
        return secret;
    }

    /** What to check; for an activated device, where its secret was kept: the platform issues none again. */
    private String hint(int replyCode) {
        if (replyCode == ReplyCode.DEVICE_ALREADY_ACTIVATED) {
            return "already activated: the secret issued then is in the store folder (" + config.storeDir()
                    + "); was it deleted? Restore it, or configure the deviceSecret from the console";
        }
        return ReplyCode.hint(replyCode).orElse(null);
    }

    private static String random() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
