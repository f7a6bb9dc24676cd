package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/** JSON over HTTP to a southbound API or an emulator's admin API, on loopback. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> post(String path, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(70)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return AlinkJson.parse(response.body());
    }

    /** Asserts a JSON error answer: {@code status}, an error code, and a message containing {@code message}. */
    static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = AlinkJson.parse(response.body());
        assertThat(body.path("error").asText()).isNotEmpty();
        assertThat(body.path("message").asText()).contains(message);
    }

    static String propertiesPath(DeviceId device) {
        return "/v1/devices/" + device.productKey() + "/" + device.deviceName() + "/properties";
    }

    /**
     * The params of every message the device posted on a topic ending in {@code topicSuffix}, as the emulated
     * platform received them (this is the emulator's admin API).
     */
    List<JsonNode> posts(DeviceId device, String topicSuffix) {
        JsonNode messages = getJson("/api/messages?productKey=" + device.productKey() + "&deviceName="
                + device.deviceName() + "&limit=1000");
        return StreamSupport.stream(messages.spliterator(), false)
                .filter(message -> message.path("topic").asText().endsWith(topicSuffix))
                .map(message -> AlinkJson.parse(message.path("payload").asText()).path("params")).toList();
    }

    /** A sample of the southbound API's {@code /metrics}: the value of an unlabelled metric. */
    double metric(String name) {
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(get("/metrics").body());
        if (!value.find()) {
            throw new AssertionError("no metric " + name);
        }
        return Double.parseDouble(value.group(1));
    }
}
