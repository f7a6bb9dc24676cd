package io.alink.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.gateway.ConfigPush;
import io.alink.gateway.RemoteConfig;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote configuration file the cloud pushes to a sub-device reaches its adapter as a command of kind
 * {@value Commands#CONFIG}: downloaded and checked first (size and sign), its identifier the configId, its params
 * {@code {configId, configSize, sign, signMethod, content}} with the content as text, or as base64 with
 * {@code "contentEncoding": "base64"} when it is not UTF-8. The push itself is answered by the library; the adapter's
 * reply only ends the command. A push for the gateway itself, or a sub-device without an adapter, is only logged.
 */
final class ConfigCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigCommands.class);

    private final RemoteConfig remoteConfig;
    private final Predicate<DeviceId> served;
    private final Commands commands;

    ConfigCommands(RemoteConfig remoteConfig, Predicate<DeviceId> served, Commands commands) {
        this.remoteConfig = remoteConfig;
        this.served = served;
        this.commands = commands;
    }

    /** Starts listening for pushes. */
    void listen() {
        remoteConfig.onPush(this::pushed);
    }

    private void pushed(ConfigPush push) {
        if (!served.test(push.device())) {
            LOG.info("Configuration {} pushed to {}: no adapter serves it", push.file().configId(), push.device());
            return;
        }
        remoteConfig.download(push.file()).thenCompose(content -> commands.deliver(push.device(), Commands.CONFIG,
                        push.file().configId(), params(push, content)))
                .whenComplete((reply, error) -> {
                    if (error != null) {
                        LOG.warn("Configuration {} for {} not delivered: {}", push.file().configId(), push.device(),
                                (error.getCause() != null ? error.getCause() : error).getMessage());
                    } else if (reply.code() != 200) {
                        LOG.warn("The adapter of {} answered configuration {} with {} {}", push.device(),
                                push.file().configId(), reply.code(), reply.message());
                    }
                });
    }

    private static ObjectNode params(ConfigPush push, byte[] content) {
        ObjectNode params = AlinkJson.object().put("configId", push.file().configId())
                .put("configSize", push.file().configSize()).put("sign", push.file().sign())
                .put("signMethod", push.file().signMethod());
        try {
            params.put("content", StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString());
        } catch (CharacterCodingException binary) {
            params.put("content", Base64.getEncoder().encodeToString(content)).put("contentEncoding", "base64");
        }
        return params;
    }
}
