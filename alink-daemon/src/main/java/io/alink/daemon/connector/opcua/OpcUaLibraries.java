package io.alink.daemon.connector.opcua;

import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;

/**
 * Whether Eclipse Milo is on the class path. The daemon's distribution ships it in a separate archive
 * (alink-gateway-VERSION-opcua.tar.gz, 16 MB with BouncyCastle) so that a gateway without OPC UA devices does not
 * carry it; a gateway.yaml that names an OPC UA connector without it must say what to install, not fail with a
 * NoClassDefFoundError. Refers to no Milo class itself, so that it loads without them.
 */
public final class OpcUaLibraries {

    private static final String MILO_CLIENT = "org.eclipse.milo.opcua.sdk.client.OpcUaClient";

    private OpcUaLibraries() {
    }

    /** Throws unless Milo's client can be loaded; {@code path} is the connector's key path in gateway.yaml. */
    public static void require(String path) throws ConfigException {
        require(path, MILO_CLIENT);
    }

    static void require(String path, String className) throws ConfigException {
        try {
            Class.forName(className, false, OpcUaLibraries.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(null, ConfigNodes.at(path, "type"), "opcua needs the OPC UA connector, which"
                    + " this installation does not have: unpack the same version's alink-gateway-*-opcua.tar.gz over it"
                    + " (it adds lib/opcua/)");
        }
    }
}
