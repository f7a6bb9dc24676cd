package io.alink.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Set;

/**
 * The one token a server's clients must send as {@code Authorization: Bearer <token>}, except on its open routes.
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}: the time a wrong one takes shows neither
 * how much of it was right nor how long the expected one is.
 */
final class BearerToken {

    private static final String SCHEME = "bearer ";

    private final byte[] expected;
    private final Set<String> openRoutes;

    BearerToken(String token, Set<String> openRoutes) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bearer token must not be empty");
        }
        this.expected = sha256(token);
        this.openRoutes = Set.copyOf(openRoutes);
    }

    /**
     * @param route         the route's template; null for a path no route matches, which needs the token too, so
     *                      that a client without it learns nothing of the routes
     * @param authorization the request's Authorization header; null when absent
     */
    boolean admits(String route, String authorization) {
        if (route != null && openRoutes.contains(route)) {
            return true;
        }
        // the scheme is case-insensitive (RFC 9110 section 11.1), the token is not
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(authorization.substring(SCHEME.length()).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
