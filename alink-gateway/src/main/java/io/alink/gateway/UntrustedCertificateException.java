package io.alink.gateway;

/**
 * The server's TLS certificate failed verification: not signed by a trusted CA (a private CA, a self-signed
 * certificate), expired, or not issued for the host. Retrying cannot help until the configuration changes: the CA
 * that signed it must be given as {@code caFile}.
 */
public class UntrustedCertificateException extends ConnectionException {
    private static final long serialVersionUID = 1L;
    private final String subject;
    private final String issuer;

    /**
     * @param where   the endpoint, {@code host:port}
     * @param subject the certificate's subject
     * @param issuer  the certificate's issuer
     * @param reason  why verification failed
     * @param cause   the TLS failure
     */
    public UntrustedCertificateException(String where, String subject, String issuer, String reason, Throwable cause) {
        super("the TLS certificate of " + where + " is not trusted (subject " + subject + ", issuer " + issuer + "): "
                + reason + "; set caFile to a PEM file with the certificate of the CA that signed it", cause);
        this.subject = subject;
        this.issuer = issuer;
    }

    /** {@return the subject of the server's certificate, as an X.500 name ({@code CN=...})} */
    public String subject() {
        return subject;
    }

    /** {@return the issuer of the server's certificate, as an X.500 name} */
    public String issuer() {
        return issuer;
    }
}
