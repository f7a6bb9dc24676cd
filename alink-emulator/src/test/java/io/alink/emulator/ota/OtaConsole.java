package io.alink.emulator.ota;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The emulator's OTA admin API as a test drives it over HTTP, and a client that downloads what it serves. */
final class OtaConsole {

    /** An answer: status and body (JSON for the admin API, the file's bytes for a download). */
    record Answer(int status, byte[] body, HttpResponse<byte[]> response) {
        JsonNode json() {
            return AlinkJson.parse(body);
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private final String adminUri;
    private final HttpClient http;

    /** @param certificate the PEM a download over HTTPS is checked against, or null for plain HTTP */
    OtaConsole(String adminUri, Path certificate) {
        this.adminUri = adminUri;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (certificate != null) {
            builder.sslContext(trusting(certificate));
        }
        this.http = builder.build();
    }

    Answer upload(String productKey, String version, String module, byte[] file) {
        String query = "productKey=" + productKey + "&version=" + version + (module == null ? "" : "&module=" + module);
        return send(HttpRequest.newBuilder(URI.create(adminUri + "/api/firmware?" + query))
                .POST(BodyPublishers.ofByteArray(file)));
    }

    /** Uploads and returns the package's id; the upload must succeed. */
    long uploaded(String productKey, String version, byte[] file) {
        Answer answer = upload(productKey, version, null, file);
        if (answer.status() != 201) {
            throw new AssertionError("upload answered " + answer.status() + ": " + new String(answer.body(),
                    StandardCharsets.UTF_8));
        }
        return answer.json().get("id").asLong();
    }

    Answer createJob(String json) {
        return send(HttpRequest.newBuilder(URI.create(adminUri + "/api/ota/jobs"))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    /** Creates a job and returns its id; the job must be created. */
    long created(String json) {
        Answer answer = createJob(json);
        if (answer.status() != 201) {
            throw new AssertionError("job answered " + answer.status() + ": " + new String(answer.body(),
                    StandardCharsets.UTF_8));
        }
        return answer.json().get("id").asLong();
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(adminUri + path)).GET());
    }

    /** The state of one device of a job, as {@code GET /api/ota/jobs/{id}} shows it. */
    JsonNode target(long jobId, String deviceName) {
        for (JsonNode device : get("/api/ota/jobs/" + jobId).json().get("devices")) {
            if (device.get("deviceName").asText().equals(deviceName)) {
                return device;
            }
        }
        return null;
    }

    Answer download(String url, String range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return send(request);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (Exception e) {
            throw new IllegalStateException("HTTP call failed: " + e, e);
        }
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("emulator", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + pem + ": " + e, e);
        }
    }
}
