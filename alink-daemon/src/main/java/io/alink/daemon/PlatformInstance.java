package io.alink.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.gateway.Endpoint;
import io.alink.gateway.GatewayConfig;
import java.time.Duration;
import java.util.Set;

/**
 * The root keys of a gateway.yaml about the platform instance the gateway talks to: {@code instanceId} (the host
 * {@code {instanceId}.mqtt.iothub.aliyuncs.com} instead of the region's, unless an {@code endpoint} is given) and
 * {@code rrpcAnswerWindowMs} (how long after a sync call arrives its answer is still sent: the timeout the cloud
 * application calls with, 1,000 to 8,000 ms).
 *
 * @param instanceId       null for the region's public instance
 * @param rrpcAnswerWindow {@link GatewayConfig#MAX_RRPC_ANSWER_WINDOW} when not given
 */
public record PlatformInstance(String instanceId, Duration rrpcAnswerWindow) {

    static final Set<String> KEYS = Set.of("instanceId", "rrpcAnswerWindowMs");

    static PlatformInstance parse(ObjectNode root) throws ConfigException {
        String instanceId = ConfigNodes.optionalText(root, "", "instanceId");
        if (instanceId != null) {
            try {
                Endpoint.instance(instanceId);
            } catch (RuntimeException e) {
                throw new ConfigException(null, "instanceId", "expected an instance id such as iot-06z00abc123"
                        + " (letters, digits and '-'), found " + ConfigNodes.quote(instanceId));
            }
        }
        int window = ConfigNodes.optionalInt(root, "", "rrpcAnswerWindowMs",
                (int) GatewayConfig.MAX_RRPC_ANSWER_WINDOW.toMillis(),
                (int) GatewayConfig.MIN_RRPC_ANSWER_WINDOW.toMillis(),
                (int) GatewayConfig.MAX_RRPC_ANSWER_WINDOW.toMillis());
        return new PlatformInstance(instanceId, Duration.ofMillis(window));
    }

    /** Sets both on a client's configuration. */
    GatewayConfig.Builder applyTo(GatewayConfig.Builder config) {
        return config.instanceId(instanceId).rrpcAnswerWindow(rrpcAnswerWindow);
    }
}
