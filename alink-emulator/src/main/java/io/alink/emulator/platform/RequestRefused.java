package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.PackLimits;
import io.alink.protocol.ReplyCode;
import java.util.Optional;

/** A request the platform answers with an error code: thrown by a handler, turned into the reply by the dispatcher. */
final class RequestRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final transient JsonNode data;

    RequestRefused(int code, String message) {
        this(code, message, null);
    }

    RequestRefused(int code, String message, JsonNode data) {
        super(message == null ? ReplyCode.defaultMessage(code) : message, null, false, false);
        this.code = code;
        this.data = data;
    }

    static RequestRefused badParams(String message) {
        return new RequestRefused(ReplyCode.REQUEST_PARAMETER_ERROR, message);
    }

    /** For {@code problem.ifPresent(RequestRefused::throwBadParams)}. */
    static void throwBadParams(String problem) {
        throw badParams(problem);
    }

    /**
     * Refuses a data message over a count limit ({@code countProblem}) or whose latest value time, {@code latest}, is
     * more than 24 h ahead of {@code now}.
     */
    static void ifOverLimit(Optional<String> countProblem, long latest, long now) {
        countProblem.or(() -> PackLimits.aheadProblem(latest, now)).ifPresent(problem -> {
            throw new RequestRefused(PackLimits.OVER_LIMIT_CODE, problem);
        });
    }

    int code() {
        return code;
    }

    JsonNode data() {
        return data;
    }
}
