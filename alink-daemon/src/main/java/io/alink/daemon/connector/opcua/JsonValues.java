package io.alink.daemon.connector.opcua;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Matrix;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.XmlElement;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;

/**
 * OPC UA values as the thing model's JSON values: a Boolean as 0 or 1 (Alink's bool, as the Modbus connector reads
 * one), integers as integers (UInt64 beyond Long as a big integer), Float and Double as numbers, a DateTime as epoch
 * milliseconds, text-like types as strings (LocalizedText its text, a NodeId its {@code ns=2;s=...} form, a
 * ByteString in Base64), arrays and matrices as (nested) lists. A value JSON cannot carry (NaN, a null, a structure)
 * is refused with {@link UnmappableException}.
 */
final class JsonValues {

    private JsonValues() {
    }

    static Object of(Variant variant) throws UnmappableException {
        return of(variant == null ? null : variant.getValue());
    }

    static Object of(Object value) throws UnmappableException {
        if (value == null) {
            throw new UnmappableException("no value (null)");
        }
        if (value instanceof Boolean bool) {
            return bool ? 1 : 0;
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof ULong big) {
            BigInteger integer = big.toBigInteger();
            return integer.bitLength() < Long.SIZE ? (Object) integer.longValue() : integer;
        }
        if (value instanceof UNumber unsigned) {
            return unsigned.longValue();
        }
        if (value instanceof Float real) {
            // through its shortest decimal form, so that 21.1f reads 21.1 and not 21.100000381469727
            return finite(Double.parseDouble(Float.toString(real)));
        }
        if (value instanceof Double real) {
            return finite(real);
        }
        if (value instanceof DateTime time) {
            if (time.isNull()) {
                throw new UnmappableException("no time (a null DateTime)");
            }
            return time.getJavaTime();
        }
        if (value.getClass().isArray()) {
            return list(value);
        }
        if (value instanceof Matrix matrix) {
            return list(matrix.nestedArrayValue());
        }
        return text(value);
    }

    private static Object text(Object value) throws UnmappableException {
        if (value instanceof String string) {
            return string;
        }
        if (value instanceof LocalizedText text) {
            return text.getText() == null ? "" : text.getText();
        }
        if (value instanceof QualifiedName name) {
            return name.getName();
        }
        if (value instanceof NodeId node) {
            return node.toParseableString();
        }
        if (value instanceof ExpandedNodeId node) {
            return node.toParseableString();
        }
        if (value instanceof UUID guid) {
            return guid.toString();
        }
        if (value instanceof ByteString bytes) {
            return Base64.getEncoder().encodeToString(bytes.bytesOrEmpty());
        }
        if (value instanceof XmlElement xml) {
            return xml.getFragment();
        }
        if (value instanceof StatusCode status) {
            return OpcUaError.name(status.getValue());
        }
        throw new UnmappableException("a " + value.getClass().getSimpleName() + " has no JSON form here");
    }

    private static List<Object> list(Object array) throws UnmappableException {
        int length = Array.getLength(array);
        List<Object> list = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            try {
                list.add(of(Array.get(array, i)));
            } catch (UnmappableException e) {
                throw new UnmappableException("element " + i + ": " + e.getMessage());
            }
        }
        return list;
    }

    private static double finite(double value) throws UnmappableException {
        if (!Double.isFinite(value)) {
            throw new UnmappableException(value + " cannot travel in JSON");
        }
        return value;
    }

    /** A value the thing model's JSON cannot carry; the message says why. */
    static final class UnmappableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnmappableException(String message) {
            super(message);
        }
    }
}
