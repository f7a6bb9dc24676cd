package io.alink.emulator;

/** A refused admin operation, with the HTTP status the admin API answers it with (400, 404, 409 ...). */
public class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public AdminException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
