package io.alink.gateway;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where the gateway fetches files from (firmware, configuration files), and with what trust: HTTPS checked against
 * what the MQTT connection trusts (the configured caFile, else the JDK's trust store), plain HTTP to a loopback host
 * only (a local emulator), and no redirects, since one could lead from HTTPS or loopback to where these rules would
 * not allow.
 */
final class FileDownloads {
    /** The loopback literals; names other than localhost are not resolved to find out. */
    private static final Pattern LOOPBACK_LITERAL = Pattern.compile("127(\\.\\d{1,3}){3}|\\[?::1]?");

    private FileDownloads() {
    }

    /** An HTTP client that trusts {@code caFile} (null: the JDK's trust store) and follows no redirect. */
    static HttpClient httpClient(Path caFile, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .sslContext(Tls.sslContext(caFile))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * {@code url} if the rules above allow it.
     *
     * @param what names the file in the refusal: "firmware", "configuration file"
     * @throws InvalidRequestException for a missing or malformed URL, or one neither HTTPS nor HTTP to loopback
     */
    static URI requireAllowed(String url, String what) {
        URI uri;
        try {
            uri = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("the " + what + " URL is not a URL: " + e.getMessage());
        }
        String scheme = uri == null ? null : uri.getScheme();
        if (scheme != null && scheme.equalsIgnoreCase("https") && uri.getHost() != null) {
            return uri;
        }
        if (scheme != null && scheme.equalsIgnoreCase("http") && isLoopback(uri.getHost())) {
            return uri;
        }
        throw new InvalidRequestException("the " + what + " URL must be https (plain http only to a loopback host),"
                + " was " + (uri == null ? "missing" : scheme + "://" + uri.getHost()));
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return LOOPBACK_LITERAL.matcher(host).matches() && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
