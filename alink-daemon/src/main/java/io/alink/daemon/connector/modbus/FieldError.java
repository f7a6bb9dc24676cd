package io.alink.daemon.connector.modbus;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.ModbusTimeoutException;
import io.alink.daemon.connector.Fault;
import io.alink.daemon.connector.FieldReplyCodes;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** A failed Modbus request, told apart: no answer in time, an exception response, or no link. */
record FieldError(Fault fault, String message, int exceptionCode) {

    static FieldError of(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ModbusResponseException refused) {
            int code = refused.getExceptionCode();
            String name = ExceptionCode.from(code).map(Enum::name).orElse("unknown");
            String message = "exception code " + code + " (" + name + ") to function "
                    + String.format("0x%02X", refused.getFunctionCode());
            // a Modbus gateway's codes: the device behind it is unreachable (10) or silent (11), not refusing
            if (code == ExceptionCode.GATEWAY_PATH_UNAVAILABLE.getCode()) {
                return new FieldError(Fault.LINK, message, code);
            }
            if (code == ExceptionCode.GATEWAY_TARGET_DEVICE_FAILED_TO_RESPONSE.getCode()) {
                return new FieldError(Fault.TIMEOUT, message, code);
            }
            return new FieldError(Fault.EXCEPTION, message, code);
        }
        if (cause instanceof TimeoutException || cause instanceof ModbusTimeoutException) {
            return new FieldError(Fault.TIMEOUT, "no answer: " + cause.getMessage(), 0);
        }
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new FieldError(Fault.LINK, "no link: " + detail, 0);
    }

    /** What the cloud is answered when a write meets this error. */
    int replyCode() {
        return fault == Fault.EXCEPTION ? FieldReplyCodes.DEVICE_EXCEPTION_BASE + exceptionCode
                : FieldReplyCodes.DEVICE_NO_ANSWER;
    }
}
