package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.AdminException;
import io.alink.emulator.store.DeviceStateStore;
import io.alink.emulator.store.DeviceStateStore.ConfigRecord;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.ConfigFile;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each product's remote configuration file: stored, pushed ({@code thing/config/push}) to the product's online
 * devices when it changes, described on {@code thing/config/get}, and served over the emulator's HTTP at a URL that
 * is signed and expires, like the platform's storage links. The signing key lives as long as the emulator.
 */
final class RemoteConfigs implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteConfigs.class);

    /** UNCONFIRMED: the platform's limit on a configuration file (64 KB, as remembered from its console). */
    static final int MAX_CONFIG_BYTES = 64 * 1024;
    /** UNCONFIRMED: how long a download link works. */
    static final Duration LINK_LIFETIME = Duration.ofMinutes(30);
    /** How long the emulator waits for a device's push_reply before it only logs the silence. */
    private static final Duration PUSH_REPLY_TIMEOUT = Duration.ofSeconds(10);
    private static final String FILE_PATH = "/files/config/";

    private final DeviceStateStore store;
    private final Registry registry;
    private final Sessions sessions;
    private final Downlink downlink;
    private final byte[] linkKey = new byte[32];
    private volatile String httpBase = "http://127.0.0.1:0";

    RemoteConfigs(DeviceStateStore store, Registry registry, Sessions sessions, Downlink downlink) {
        this.store = store;
        this.registry = registry;
        this.sessions = sessions;
        this.downlink = downlink;
        new SecureRandom().nextBytes(linkKey);
    }

    /** Where the admin HTTP server listens: download links point there. */
    void httpBase(String base) {
        this.httpBase = base;
    }

    /** {@code thing/config/get}: the product's file, or empty data when the product has none. */
    @Override
    public CompletionStage<JsonNode> handle(Request request) {
        return CompletableFuture.completedFuture(describe(request.device().productKey())
                .<JsonNode>map(ConfigFile::toJson).orElseGet(AlinkJson::object));
    }

    Optional<ConfigFile> describe(String productKey) {
        return store.config(productKey).map(this::describe);
    }

    private ConfigFile describe(ConfigRecord config) {
        long expires = System.currentTimeMillis() + LINK_LIFETIME.toMillis();
        String path = FILE_PATH + config.productKey() + "/" + config.configId();
        String url = httpBase + path + "?expires=" + expires + "&signature=" + linkSignature(path, expires);
        return new ConfigFile(config.configId(), config.content().length, ConfigFile.GET_TYPE_FILE, config.sign(),
                ConfigFile.SHA256, url);
    }

    /**
     * Replaces the product's file and pushes it to the product's online devices.
     *
     * @return the file as devices are told of it, and the devices it was pushed to
     */
    Pushed put(String productKey, byte[] content) {
        if (registry.product(productKey).isEmpty()) {
            throw new AdminException(404, "product " + productKey + " does not exist");
        }
        if (content.length == 0) {
            throw new AdminException(400, "the configuration file is empty");
        }
        if (content.length > MAX_CONFIG_BYTES) {
            throw new AdminException(413, "the configuration file is " + content.length + " bytes; the platform takes"
                    + " at most " + MAX_CONFIG_BYTES);
        }
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        ConfigRecord config = new ConfigRecord(productKey, HexFormat.of().formatHex(id), content.clone(), sha256(content));
        store.saveConfig(config);
        ConfigFile file = describe(config);
        List<DeviceId> online = registry.devices().stream().map(d -> d.id())
                .filter(d -> d.productKey().equals(productKey) && sessions.isOnline(d)).toList();
        online.forEach(device -> push(device, file));
        return new Pushed(file, online);
    }

    /** The file and the devices a new configuration was pushed to. */
    record Pushed(ConfigFile file, List<DeviceId> devices) {
    }

    private void push(DeviceId device, ConfigFile file) {
        sessions.carrying(device).ifPresent(session -> downlink.call(session,
                        AlinkTopic.of(TopicKind.CONFIG_PUSH, device), TopicKind.CONFIG_PUSH.method(), file.toJson(),
                        PUSH_REPLY_TIMEOUT)
                .whenComplete((reply, failure) -> {
                    if (failure != null) {
                        LOG.info("{} did not answer the config push: {}", device, failure.toString());
                    } else if (!reply.isSuccess()) {
                        LOG.info("{} refused the config push: {} {}", device, reply.code(), reply.message());
                    }
                }));
    }

    /** The file a genuine, unexpired link names; empty when it was replaced since. 403 for any other link. */
    Optional<byte[]> download(String productKey, String configId, String expires, String signature) {
        String path = FILE_PATH + productKey + "/" + configId;
        if (expires == null || !expires.matches("\\d{1,18}") || signature == null
                || !MessageDigest.isEqual(linkSignature(path, Long.parseLong(expires))
                        .getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new AdminException(403, "the download link is not genuine");
        }
        if (Long.parseLong(expires) < System.currentTimeMillis()) {
            throw new AdminException(403, "the download link has expired");
        }
        return store.config(productKey).filter(c -> c.configId().equals(configId)).map(ConfigRecord::content);
    }

    private String linkSignature(String path, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(linkKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
