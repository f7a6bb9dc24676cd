package io.alink.daemon.connector.opcua;

import io.alink.daemon.connector.Fault;
import io.alink.daemon.connector.FieldReplyCodes;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaExceptionStatus;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * A failed OPC UA request, told apart: no answer in time, no link (the connection, the secure channel or the session
 * is gone), or the server's refusal with a bad status code.
 *
 * @param status the status code, 0 when there is none (a Java exception)
 */
record OpcUaError(Fault fault, String message, long status) {

    /** Status codes that say the request never reached the server or its answer never came back. */
    private static final Set<Long> NO_LINK = Set.of(StatusCodes.Bad_CommunicationError, StatusCodes.Bad_Shutdown,
            StatusCodes.Bad_ServerNotConnected, StatusCodes.Bad_ServerHalted, StatusCodes.Bad_SecureChannelIdInvalid,
            StatusCodes.Bad_SessionIdInvalid, StatusCodes.Bad_SessionClosed, StatusCodes.Bad_SessionNotActivated,
            StatusCodes.Bad_NoCommunication, StatusCodes.Bad_TcpServerTooBusy, StatusCodes.Bad_TcpInternalError,
            StatusCodes.Bad_RequestInterrupted, StatusCodes.Bad_SecureChannelClosed, StatusCodes.Bad_NotConnected,
            StatusCodes.Bad_ConnectionRejected, StatusCodes.Bad_Disconnect, StatusCodes.Bad_ConnectionClosed,
            StatusCodes.Bad_EndOfStream);
    private static final Set<Long> NO_ANSWER = Set.of(StatusCodes.Bad_Timeout, StatusCodes.Bad_RequestTimeout);

    static OpcUaError of(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return new OpcUaError(Fault.TIMEOUT, "no answer in time", StatusCodes.Bad_Timeout);
        }
        var status = UaExceptionStatus.extract(cause);
        if (status.isEmpty()) {
            String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return new OpcUaError(Fault.LINK, "no link: " + detail, 0);
        }
        long code = status.get().getStatusCode().getValue();
        String message = name(code) + (status.get().getMessage() == null ? "" : " (" + status.get().getMessage()
                + ")");
        return of(code, message);
    }

    /** A bad status code the server answered an operation with. */
    static OpcUaError of(StatusCode status) {
        return of(status.getValue(), name(status.getValue()));
    }

    private static OpcUaError of(long code, String message) {
        if (NO_ANSWER.contains(code)) {
            return new OpcUaError(Fault.TIMEOUT, "no answer: " + message, code);
        }
        if (NO_LINK.contains(code) || new StatusCode(code).isSecurityError()) {
            return new OpcUaError(Fault.LINK, "no link: " + message, code);
        }
        return new OpcUaError(Fault.EXCEPTION, message, code);
    }

    /** A status code's symbolic name (Bad_NotWritable), or its hex value for one the stack does not know. */
    static String name(long code) {
        return StatusCodes.lookup(code).map(names -> names[0]).orElse(String.format("0x%08X", code));
    }

    /** What the cloud is answered when a write or call meets this error. */
    int replyCode() {
        return fault == Fault.EXCEPTION ? FieldReplyCodes.DEVICE_BAD_STATUS : FieldReplyCodes.DEVICE_NO_ANSWER;
    }
}
