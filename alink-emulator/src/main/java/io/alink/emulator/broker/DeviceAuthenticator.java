package io.alink.emulator.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lets the platform decide every CONNECT. */
final class DeviceAuthenticator implements SimpleAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(DeviceAuthenticator.class);

    private final BrokerHooks hooks;

    DeviceAuthenticator(BrokerHooks hooks) {
        this.hooks = hooks;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectRequest request = connectRequest(input.getConnectPacket());
        try {
            ConnectDecision decision = hooks.authenticate(request);
            if (decision.accepted()) {
                output.authenticateSuccessfully();
            } else {
                log.debug("Refused {}: {} {}", request, decision.refusal(), decision.reason());
                output.failAuthentication(reasonCode(decision.refusal()), decision.reason());
            }
        } catch (RuntimeException e) {
            log.warn("Platform failed to authenticate {}", request, e);
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "platform error");
        }
    }

    static ConnectRequest connectRequest(ConnectPacket connect) {
        return new ConnectRequest(connect.getClientId(), connect.getUserName().orElse(null),
                connect.getPassword().map(DeviceAuthenticator::bytes).orElse(null), connect.getKeepAlive(),
                connect.getCleanStart(), protocolLevel(connect.getMqttVersion()));
    }

    /** HiveMQ turns these into the MQTT 3.1.1 return codes 2, 3, 4 and 5. */
    static ConnackReasonCode reasonCode(ConnectDecision.Refusal refusal) {
        return switch (refusal) {
            case IDENTIFIER_REJECTED -> ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case SERVER_UNAVAILABLE -> ConnackReasonCode.SERVER_UNAVAILABLE;
            case BAD_USERNAME_OR_PASSWORD -> ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> ConnackReasonCode.NOT_AUTHORIZED;
        };
    }

    private static int protocolLevel(MqttVersion version) {
        return switch (version) {
            case V_3_1 -> 3;
            case V_3_1_1 -> 4;
            case V_5 -> 5;
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
