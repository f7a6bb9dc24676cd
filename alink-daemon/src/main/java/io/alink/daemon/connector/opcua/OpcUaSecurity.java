package io.alink.daemon.connector.opcua;

import java.nio.file.Path;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * How the connector secures its link to the server: no security, or Basic256Sha256 with the connector's application
 * certificate, trusting the server's certificate only if it is in {@code trustDir} (or any, with {@code trustAll}).
 *
 * @param mode     null with policy NONE
 * @param trustDir the folder of trusted server certificates (DER or PEM); null with NONE or trustAll
 */
public record OpcUaSecurity(Policy policy, Mode mode, Path trustDir, boolean trustAll) {

    public static final OpcUaSecurity NONE = new OpcUaSecurity(Policy.NONE, null, null, false);

    public OpcUaSecurity {
        if (policy == Policy.NONE ? mode != null || trustDir != null || trustAll
                : mode == null || (trustDir == null) == !trustAll) {
            throw new IllegalArgumentException("None takes no mode and no trust; Basic256Sha256 a mode and either a"
                    + " trustDir or trustAll");
        }
    }

    public boolean isSecured() {
        return policy != Policy.NONE;
    }

    SecurityPolicy securityPolicy() {
        return policy.milo;
    }

    MessageSecurityMode messageSecurityMode() {
        return mode == null ? MessageSecurityMode.None : mode.milo;
    }

    /** The security policies offered, as gateway.yaml names them. */
    public enum Policy {
        NONE("None", SecurityPolicy.None),
        BASIC256SHA256("Basic256Sha256", SecurityPolicy.Basic256Sha256);

        private final String key;
        private final SecurityPolicy milo;

        Policy(String key, SecurityPolicy milo) {
            this.key = key;
            this.milo = milo;
        }

        public String key() {
            return key;
        }
    }

    /** Message security with a policy other than None: signed, or signed and encrypted. */
    public enum Mode {
        SIGN("Sign", MessageSecurityMode.Sign),
        SIGN_AND_ENCRYPT("SignAndEncrypt", MessageSecurityMode.SignAndEncrypt);

        private final String key;
        private final MessageSecurityMode milo;

        Mode(String key, MessageSecurityMode milo) {
            this.key = key;
            this.milo = milo;
        }

        public String key() {
            return key;
        }
    }
}
