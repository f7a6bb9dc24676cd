package io.alink.daemon.connector.opcua;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;

/**
 * JSON values from the cloud as OPC UA values of a given built-in type, the reverse of {@link JsonValues}: a
 * Boolean from true/false or 0/1, integers from whole numbers within the type's range, Float and Double from
 * numbers, a DateTime from epoch milliseconds, String and LocalizedText from strings, a ByteString from Base64, a
 * Guid from its text; an array from a list of such values. Anything else is refused with
 * {@link InvalidValueException}, so that nothing is sent that the server would have to guess at.
 */
final class VariantValues {

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private VariantValues() {
    }

    /** {@code value} as a Variant of {@code type}; a list for an {@code array}, a single value otherwise. */
    static Variant of(JsonNode value, OpcUaDataType type, boolean array) throws InvalidValueException {
        if (!array) {
            if (value.isArray()) {
                throw new InvalidValueException("expected a single " + type + ", found a list");
            }
            return new Variant(scalar(value, type));
        }
        if (!value.isArray()) {
            throw new InvalidValueException("expected a list of " + type);
        }
        Object elements = Array.newInstance(type.getBackingClass(), value.size());
        for (int i = 0; i < value.size(); i++) {
            try {
                Array.set(elements, i, scalar(value.get(i), type));
            } catch (InvalidValueException e) {
                throw new InvalidValueException("element " + i + ": " + e.getMessage());
            }
        }
        return new Variant(elements);
    }

    private static Object scalar(JsonNode value, OpcUaDataType type) throws InvalidValueException {
        return switch (type) {
            case Boolean -> bool(value);
            case SByte -> (byte) whole(value, type, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case Byte -> Unsigned.ubyte(whole(value, type, 0, 255));
            case Int16 -> (short) whole(value, type, Short.MIN_VALUE, Short.MAX_VALUE);
            case UInt16 -> Unsigned.ushort((int) whole(value, type, 0, 65535));
            case Int32 -> (int) whole(value, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UInt32 -> Unsigned.uint(whole(value, type, 0, 4_294_967_295L));
            case Int64 -> whole(value, type, Long.MIN_VALUE, Long.MAX_VALUE);
            case UInt64 -> Unsigned.ulong(unsigned64(value));
            case Float -> (float) real(value, type, Float.MAX_VALUE);
            case Double -> real(value, type, Double.MAX_VALUE);
            case String -> text(value, type);
            case LocalizedText -> LocalizedText.english(text(value, type));
            case DateTime -> new DateTime(Instant.ofEpochMilli(whole(value, type, Long.MIN_VALUE, Long.MAX_VALUE)));
            case ByteString -> byteString(value);
            case Guid -> guid(value);
            default -> throw new InvalidValueException("a " + type + " cannot be set from JSON");
        };
    }

    private static boolean bool(JsonNode value) throws InvalidValueException {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber() && (value.decimalValue().compareTo(BigDecimal.ZERO) == 0
                || value.decimalValue().compareTo(BigDecimal.ONE) == 0)) {
            return value.decimalValue().compareTo(BigDecimal.ONE) == 0;
        }
        throw new InvalidValueException("expected a Boolean (true, false, 0 or 1)");
    }

    private static long whole(JsonNode value, OpcUaDataType type, long min, long max) throws InvalidValueException {
        BigInteger integer = integer(value, type);
        if (integer.compareTo(BigInteger.valueOf(min)) < 0 || integer.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new InvalidValueException("out of range for " + type + " (" + min + " to " + max + ")");
        }
        return integer.longValue();
    }

    private static BigInteger unsigned64(JsonNode value) throws InvalidValueException {
        BigInteger integer = integer(value, OpcUaDataType.UInt64);
        if (integer.signum() < 0 || integer.compareTo(UINT64_MAX) > 0) {
            throw new InvalidValueException("out of range for UInt64 (0 to " + UINT64_MAX + ")");
        }
        return integer;
    }

    private static BigInteger integer(JsonNode value, OpcUaDataType type) throws InvalidValueException {
        if (!value.isNumber()) {
            throw new InvalidValueException("expected a whole number for " + type);
        }
        try {
            return value.decimalValue().toBigIntegerExact();
        } catch (ArithmeticException fraction) {
            throw new InvalidValueException("expected a whole number for " + type + ", found a fraction");
        }
    }

    private static double real(JsonNode value, OpcUaDataType type, double max) throws InvalidValueException {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || Math.abs(value.doubleValue()) > max) {
            throw new InvalidValueException("expected a number within the range of " + type);
        }
        return value.doubleValue();
    }

    private static String text(JsonNode value, OpcUaDataType type) throws InvalidValueException {
        if (!value.isTextual()) {
            throw new InvalidValueException("expected a string for " + type);
        }
        return value.textValue();
    }

    private static ByteString byteString(JsonNode value) throws InvalidValueException {
        try {
            return ByteString.of(Base64.getDecoder().decode(text(value, OpcUaDataType.ByteString)));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("expected Base64 for a ByteString");
        }
    }

    private static UUID guid(JsonNode value) throws InvalidValueException {
        try {
            return UUID.fromString(text(value, OpcUaDataType.Guid));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("expected a Guid such as 72962b91-fa75-4ae6-8d28-b404dc7daf63");
        }
    }

    /** A value that does not convert to the node's type; the message says what was expected. */
    static final class InvalidValueException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidValueException(String message) {
            super(message);
        }
    }
}
