package io.alink.protocol;

/** A payload that is not a well-formed Alink message. The platform answers it with {@link ReplyCode#REQUEST_PARAMETER_ERROR}. */
public class AlinkFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public AlinkFormatException(String message) {
        super(message);
    }

    public AlinkFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
