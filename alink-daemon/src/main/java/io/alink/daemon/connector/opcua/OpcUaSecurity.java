package io.alink.daemon.connector.opcua;

import java.nio.file.Path;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * How the connector secures its link to the server: no security, or Basic256Sha256 (Sign or SignAndEncrypt) with
 * the connector's application certificate, trusting the server's certificate only if it is in {@code trustDir} (or
 * any, with {@code trustAll}). gateway.yaml names policies and modes as Milo's enums do.
 *
 * @param trustDir the folder of trusted server certificates (DER or PEM); null with None or trustAll
 */
public record OpcUaSecurity(SecurityPolicy policy, MessageSecurityMode mode, Path trustDir, boolean trustAll) {

    /** The policies offered: Basic256Sha256 is the one OPC UA still recommends that every server has. */
    public static final SecurityPolicy[] POLICIES = {SecurityPolicy.None, SecurityPolicy.Basic256Sha256};
    public static final MessageSecurityMode[] MODES = {MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt};
    public static final OpcUaSecurity NONE = new OpcUaSecurity(SecurityPolicy.None, MessageSecurityMode.None, null,
            false);

    public OpcUaSecurity {
        boolean none = policy == SecurityPolicy.None;
        if (none ? mode != MessageSecurityMode.None || trustDir != null || trustAll
                : mode == MessageSecurityMode.None || mode == MessageSecurityMode.Invalid
                || (trustDir == null) == !trustAll) {
            throw new IllegalArgumentException("None takes no mode and no trust; Basic256Sha256 Sign or"
                    + " SignAndEncrypt, and either a trustDir or trustAll");
        }
    }

    public boolean isSecured() {
        return policy != SecurityPolicy.None;
    }
}
