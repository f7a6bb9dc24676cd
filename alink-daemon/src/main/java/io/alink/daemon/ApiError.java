package io.alink.daemon;

/** A southbound request that cannot be served: answered with this status and a JSON error body. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiError(int status, String message) {
        // thrown to answer a request, not to debug one: no stack trace to fill
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
