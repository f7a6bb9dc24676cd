package io.alink.daemon.connector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;

/**
 * Milo clients as a connector's configuration asks for them: the server's endpoints are discovered at the
 * configured URL and the one with the configured security policy and mode is used; with security, the client
 * presents its application certificate and checks the server's with {@link ServerTrust}.
 */
final class OpcUaClients {

    static final String PRODUCT_URI = "urn:io.alink:gateway";

    private OpcUaClients() {
    }

    /**
     * A client for the server, not connected yet. Discovery connects briefly, so this waits up to the timeout.
     *
     * @param certificate the application certificate; null without security
     * @throws UaException when the server cannot be reached or offers no endpoint as configured
     */
    static OpcUaClient create(OpcUaConnectorConfig config, ApplicationCertificate certificate,
                              CertificateValidator trust) throws UaException {
        OpcUaSecurity security = config.security();
        UInteger timeout = uint(config.timeout().toMillis());
        List<String> offered = new ArrayList<>();
        try {
            return OpcUaClient.create(config.endpoint(),
                    endpoints -> {
                        endpoints.forEach(endpoint -> offered.add(describe(endpoint)));
                        return endpoints.stream().filter(endpoint -> matches(endpoint, security)).findFirst();
                    },
                    transport -> transport.setConnectTimeout(timeout),
                    client -> {
                        client.setApplicationName(LocalizedText.english("alink gateway"))
                                .setApplicationUri(certificate == null ? PRODUCT_URI : certificate.applicationUri())
                                .setProductUri(PRODUCT_URI)
                                .setRequestTimeout(timeout)
                                .setIdentityProvider(config.auth() == null ? AnonymousProvider.INSTANCE
                                        : new UsernameProvider(config.auth().username(), config.auth().password()));
                        if (certificate != null) {
                            client.setKeyPair(certificate.keyPair())
                                    .setCertificate(certificate.certificate())
                                    .setCertificateChain(new X509Certificate[] {certificate.certificate()})
                                    .setCertificateValidator(trust);
                        }
                    });
        } catch (UaException e) {
            if (!offered.isEmpty() && offered.stream().noneMatch(describe(security)::equals)) {
                throw new UaException(StatusCodes.Bad_SecurityPolicyRejected, "the server offers no "
                        + describe(security) + " endpoint (it offers " + String.join(", ", offered) + ")");
            }
            throw e;
        }
    }

    private static boolean matches(EndpointDescription endpoint, OpcUaSecurity security) {
        return security.policy().getUri().equals(endpoint.getSecurityPolicyUri())
                && security.mode() == endpoint.getSecurityMode();
    }

    private static String describe(EndpointDescription endpoint) {
        String policy = SecurityPolicy.fromUriSafe(endpoint.getSecurityPolicyUri()).map(Enum::name)
                .orElse(endpoint.getSecurityPolicyUri());
        return policy + "/" + endpoint.getSecurityMode();
    }

    private static String describe(OpcUaSecurity security) {
        return security.policy() + "/" + security.mode();
    }
}
