package io.alink.http;

/**
 * A request refused before or while it is handled: answered with this status and
 * {@code {"error":"<code>","message":"<text>"}}. Thrown to answer a request, not to debug one: no stack trace.
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + status);
        }
        this.status = status;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public int status() {
        return status;
    }

    /** The {@code error} field of the JSON body for a status: the words the README lists. */
    public static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408, 504 -> "timeout";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 429 -> "too_many_requests";
            case 431 -> "header_too_large";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            case 505 -> "http_version_not_supported";
            default -> status < 500 ? "client_error" : "server_error";
        };
    }
}
