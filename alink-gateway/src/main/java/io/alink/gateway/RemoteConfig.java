package io.alink.gateway;

import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.ConfigFile;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.TopicKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's remote configuration file: ask where it is ({@code thing/config/get}), hear when the platform pushes
 * a new one ({@code thing/config/push}, answered with code 200 once the listener has it), and download it with its
 * size and digest checked. Get it from {@link GatewayClient#remoteConfig()}.
 */
public final class RemoteConfig {
    private static final Logger log = LoggerFactory.getLogger(RemoteConfig.class);

    private final Namespaces namespaces;
    private final Requests requests;
    private final Transport transport;
    private final ClientThreads threads;
    private final Operations operations;
    private final Duration timeout;
    private final Path caFile;
    /** Built at the first download: a CA file that cannot be read fails that download, not the client. */
    private HttpClient http;
    private final RecentDownlinks recent = new RecentDownlinks();
    private volatile Consumer<ConfigPush> pushListener = push -> { };

    RemoteConfig(Namespaces namespaces, Requests requests, Transport transport, ClientThreads threads,
                 Operations operations, Duration timeout, Path caFile) {
        this.namespaces = namespaces;
        this.requests = requests;
        this.transport = transport;
        this.threads = threads;
        this.operations = operations;
        this.timeout = timeout;
        this.caFile = caFile;
    }

    /**
     * Asks where the product's configuration file is.
     *
     * @param device the gateway or a logged-in sub-device
     * @return completes with the file's description; empty when the product has no configuration
     * @throws InvalidRequestException for a device not this gateway's
     */
    public CompletableFuture<Optional<ConfigFile>> get(DeviceId device) {
        namespaces.requireOwn(device);
        Requests.Outgoing request = requests.prepare(AlinkTopic.of(TopicKind.CONFIG_GET, device),
                TopicKind.CONFIG_GET.method(), ConfigFile.getParams());
        return operations.start(() -> requests.send(request, "config get of " + device)
                .thenApply(reply -> ConfigFile.parse(reply.data())));
    }

    /**
     * Told, on the callback executor, of every configuration the platform pushes to the gateway or a logged-in
     * sub-device.
     *
     * @param listener the one listener; a later call replaces it
     */
    public void onPush(Consumer<ConfigPush> listener) {
        pushListener = listener == null ? push -> { } : listener;
    }

    /**
     * Downloads a configuration file and checks it against its description: the size, and the digest by its sign
     * method (SHA-256 or MD5). Over HTTPS it trusts what the MQTT connection trusts (the configured caFile, else the
     * JDK's trust store); plain HTTP is refused but to a loopback host (a local emulator), and no redirect is followed.
     *
     * @param file as {@link #get} or a push described it
     * @return completes with the file's bytes; fails with a {@link ConfigDownloadException} when the download fails or
     *         the file is not the one described
     * @throws InvalidRequestException when the file or its URL is missing, or the URL is neither HTTPS nor HTTP to
     *         loopback
     */
    public CompletableFuture<byte[]> download(ConfigFile file) {
        if (file == null) {
            throw new InvalidRequestException("the configuration file's description is missing");
        }
        URI uri = FileDownloads.requireAllowed(file.url(), "configuration file");
        String what = "configuration " + file.configId();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        return operations.start(() -> http().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> verified(file, what, response, error)));
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = FileDownloads.httpClient(caFile, timeout);
        }
        return http;
    }

    private static byte[] verified(ConfigFile file, String what, HttpResponse<byte[]> response, Throwable error) {
        if (error != null) {
            throw new ConfigDownloadException(what + " could not be downloaded: " + Async.unwrap(error), error);
        }
        if (response.statusCode() != 200) {
            throw new ConfigDownloadException(what + " could not be downloaded: HTTP " + response.statusCode(), null);
        }
        byte[] body = response.body();
        if (body.length != file.configSize()) {
            throw new ConfigDownloadException(what + " is " + body.length + " bytes, not the " + file.configSize()
                    + " described", null);
        }
        String algorithm = file.digestAlgorithm().orElseThrow(() -> new ConfigDownloadException(what
                + " is signed with " + file.signMethod() + ", which this library cannot check", null));
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(body));
            if (!digest.equalsIgnoreCase(file.sign())) {
                throw new ConfigDownloadException(what + " does not match its sign", null);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigDownloadException(algorithm + " is missing from this Java", e);
        }
        return body;
    }

    /** A push on {@code thing/config/push}, on the inbound thread: the listener first, then the reply. */
    void onPush(AlinkTopic topic, byte[] payload) {
        if (!namespaces.owns(topic.device())) {
            // a wildcard subscription of the application's can bring another device's push: not ours to answer
            log.debug("Ignored a config push on {}: not this gateway nor a logged-in sub-device", topic);
            return;
        }
        AlinkRequest push = AlinkRequest.parse(payload);
        if (!recent.firstDelivery(topic.topic(), push.id())) {
            return;
        }
        Optional<ConfigFile> file;
        try {
            file = ConfigFile.parse(push.params());
        } catch (AlinkFormatException e) {
            file = Optional.empty();
        }
        if (file.isEmpty()) {
            log.warn("Ignored a config push on {} that names no file", topic);
            answer(topic, push, AlinkReply.error(push.id(), ReplyCode.REQUEST_PARAMETER_ERROR,
                    "the push names no configuration file"));
            return;
        }
        ConfigPush received = new ConfigPush(topic.device(), file.get());
        Consumer<ConfigPush> listener = pushListener;
        threads.runCallback(() -> {
            try {
                listener.accept(received);
            } finally {
                answer(topic, push, AlinkReply.success(push.id(), AlinkJson.object()));
            }
        });
    }

    private void answer(AlinkTopic topic, AlinkRequest push, AlinkReply reply) {
        if (!push.wantsReply()) {
            return;
        }
        // the platform expects the answer on push_reply, the request topic plus _reply
        Async.attempt(() -> transport.publish(topic.replyTopic().topic(), reply.toBytes(), 0))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        log.warn("The reply to config push {} was not sent: {}", push.id(),
                                Async.unwrap(error).getMessage());
                    }
                });
    }
}
