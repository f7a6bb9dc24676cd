package io.alink.daemon.connector.modbus;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns a property's registers into its value and back: byte and word order, type, then value = raw × scale +
 * offset. Pure: no I/O, so every type and order is tested on bytes alone.
 *
 * <p>Values are what the thing model carries: a bool is 0 or 1 (Alink's bool type), an unscaled integer a long, a
 * float or a scaled number a double, a string a String. Scaling is done in decimal, so that a raw 215 with scale 0.1
 * reads 21.5 and not 21.500000000000004, and a float32 reads as the short decimal it was written as (0.1, not
 * 0.10000000149011612).
 */
public final class ValueCodec {

    private static final MathContext DIVISION = MathContext.DECIMAL64;

    private ValueCodec() {
    }

    /** The value of a coil or discrete input. */
    public static int decodeBit(boolean bit) {
        return bit ? 1 : 0;
    }

    /**
     * The value of {@code mapping}'s registers, which start at {@code offset} in {@code registers} as the device sent
     * them.
     *
     * @throws ValueException when a float is not a number or infinite: JSON cannot carry it
     */
    public static Object decode(PropertyMapping mapping, byte[] registers, int offset) throws ValueException {
        if (mapping.type() == DataType.STRING) {
            byte[] text = reorder(mapping, registers, offset, false);
            int end = 0;
            while (end < text.length && text[end] != 0) {
                end++;
            }
            return new String(text, 0, end, StandardCharsets.UTF_8);
        }
        long raw = bigEndian(mapping, registers, offset);
        return switch (mapping.type()) {
            case BOOL -> raw != 0 ? 1 : 0;
            case INT16 -> scaled(mapping, (short) raw);
            case UINT16, UINT32, INT64 -> scaled(mapping, raw);
            case INT32 -> scaled(mapping, (int) raw);
            case FLOAT32 -> scaled(mapping, new BigDecimal(Float.toString(finite(mapping,
                    Float.intBitsToFloat((int) raw)))));
            case FLOAT64 -> float64(mapping, finite(mapping, Double.longBitsToDouble(raw)));
            case STRING -> throw new IllegalStateException("decoded above");
        };
    }

    /**
     * The registers of a numeric type as one unsigned big-endian number, from the device's byte and word order:
     * {@link #reorder} without the copy, for the many numbers of every poll.
     */
    private static long bigEndian(PropertyMapping mapping, byte[] source, int offset) {
        int registers = mapping.size();
        boolean reverseWords = mapping.wordOrder() == Order.LITTLE;
        boolean swapBytes = mapping.byteOrder() == Order.LITTLE;
        long raw = 0;
        for (int i = 0; i < registers; i++) {
            int from = offset + 2 * (reverseWords ? registers - 1 - i : i);
            int high = source[swapBytes ? from + 1 : from] & 0xFF;
            int low = source[swapBytes ? from : from + 1] & 0xFF;
            raw = raw << 16 | high << 8 | low;
        }
        return raw;
    }

    /**
     * An unscaled float64 is itself: its decimal form ({@link BigDecimal#valueOf}) reads back as the same double,
     * but for -0.0, whose sign the decimal drops.
     */
    private static double float64(PropertyMapping mapping, double value) {
        if (mapping.isScaled()) {
            return scaled(mapping, BigDecimal.valueOf(value));
        }
        return value == 0 ? 0.0 : value;
    }

    /**
     * The registers that hold {@code value} (a Number, a Boolean or 0/1 for bool, a String), in the order the device
     * expects them.
     *
     * @throws ValueException when the value has the wrong kind or lies outside what the type can hold
     */
    public static byte[] encode(PropertyMapping mapping, Object value) throws ValueException {
        if (mapping.type() == DataType.STRING) {
            return reorder(mapping, text(mapping, value), 0, false);
        }
        ByteBuffer raw = ByteBuffer.allocate(mapping.size() * 2);
        switch (mapping.type()) {
            case BOOL -> raw.putShort((short) (encodeBit(mapping, value) ? 1 : 0));
            case INT16, UINT16 -> raw.putShort((short) integer(mapping, value));
            case INT32, UINT32 -> raw.putInt((int) integer(mapping, value));
            case INT64 -> raw.putLong(integer(mapping, value));
            case FLOAT32 -> {
                float single = unscaled(mapping, value).floatValue();
                if (Float.isInfinite(single)) {
                    throw outOfRange(mapping, value, "float32");
                }
                raw.putFloat(single);
            }
            case FLOAT64 -> {
                double number = unscaled(mapping, value).doubleValue();
                if (Double.isInfinite(number)) {
                    throw outOfRange(mapping, value, "float64");
                }
                raw.putDouble(number);
            }
            case STRING -> throw new IllegalStateException("encoded above");
        }
        return reorder(mapping, raw.array(), 0, true);
    }

    /** A bool property's value as a bit: true or false, or 1 or 0 as Alink sends a bool. */
    public static boolean encodeBit(PropertyMapping mapping, Object value) throws ValueException {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number) {
            BigDecimal decimal = decimal(mapping, number);
            if (decimal.compareTo(BigDecimal.ONE) == 0) {
                return true;
            }
            if (decimal.signum() == 0) {
                return false;
            }
        }
        throw new ValueException(mapping.identifier() + ": expected 0, 1, true or false for a bool");
    }

    /**
     * The bytes in big-endian order from the device's order, or back: reversing the words and swapping the bytes are
     * each their own inverse, so one function serves both ways.
     */
    private static byte[] reorder(PropertyMapping mapping, byte[] source, int offset, boolean words) {
        int registers = mapping.size();
        byte[] ordered = new byte[registers * 2];
        boolean reverseWords = words && mapping.wordOrder() == Order.LITTLE;
        boolean swapBytes = mapping.byteOrder() == Order.LITTLE;
        for (int i = 0; i < registers; i++) {
            int from = offset + 2 * (reverseWords ? registers - 1 - i : i);
            ordered[2 * i] = source[swapBytes ? from + 1 : from];
            ordered[2 * i + 1] = source[swapBytes ? from : from + 1];
        }
        return ordered;
    }

    private static Object scaled(PropertyMapping mapping, long raw) {
        if (mapping.isScaled()) {
            return scaled(mapping, BigDecimal.valueOf(raw));
        }
        return raw;
    }

    private static double scaled(PropertyMapping mapping, BigDecimal raw) {
        if (!mapping.isScaled()) {
            return raw.doubleValue();
        }
        return raw.multiply(BigDecimal.valueOf(mapping.scale())).add(BigDecimal.valueOf(mapping.offset()))
                .doubleValue();
    }

    /** raw = (value − offset) / scale, in decimal. */
    private static BigDecimal unscaled(PropertyMapping mapping, Object value) throws ValueException {
        if (!(value instanceof Number number)) {
            throw new ValueException(mapping.identifier() + ": expected a number for " + mapping.type().key());
        }
        BigDecimal decimal = decimal(mapping, number);
        if (!mapping.isScaled()) {
            return decimal;
        }
        return decimal.subtract(BigDecimal.valueOf(mapping.offset()))
                .divide(BigDecimal.valueOf(mapping.scale()), DIVISION);
    }

    /** The raw integer, rounded half up: a set of 21.55 with scale 0.1 writes 216. */
    private static long integer(PropertyMapping mapping, Object value) throws ValueException {
        Long whole = mapping.isScaled() ? null : whole(value);
        if (whole != null && whole >= mapping.type().min() && whole <= mapping.type().max()) {
            return whole;
        }
        BigDecimal raw = unscaled(mapping, value).setScale(0, RoundingMode.HALF_UP);
        DataType type = mapping.type();
        if (raw.compareTo(BigDecimal.valueOf(type.min())) < 0 || raw.compareTo(BigDecimal.valueOf(type.max())) > 0) {
            BigDecimal low = engineering(mapping, type.min());
            BigDecimal high = engineering(mapping, type.max());
            throw outOfRange(mapping, value, low.min(high).toPlainString() + " to " + low.max(high).toPlainString());
        }
        return raw.longValueExact();
    }

    /**
     * {@code value} when it is a whole number whose decimal form is exactly itself: an integer, or a whole double
     * below 2^53 (above, a double's shortest decimal form drops digits, and the decimal way writes that form). Null
     * for anything else, which takes the decimal way. What a simulator or a property set writes is mostly such.
     */
    private static Long whole(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) <= 0x1p53) {
            return number.longValue();
        }
        return null;
    }

    private static byte[] text(PropertyMapping mapping, Object value) throws ValueException {
        if (!(value instanceof String text)) {
            throw new ValueException(mapping.identifier() + ": expected a string");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int capacity = mapping.size() * 2;
        if (bytes.length > capacity) {
            throw new ValueException(mapping.identifier() + ": " + bytes.length + " bytes do not fit in "
                    + mapping.size() + " registers (" + capacity + " bytes)");
        }
        byte[] padded = new byte[capacity];
        System.arraycopy(bytes, 0, padded, 0, bytes.length);
        return padded;
    }

    private static BigDecimal decimal(PropertyMapping mapping, Number number) throws ValueException {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            if (!Double.isFinite(value)) {
                throw new ValueException(mapping.identifier() + ": expected a finite number");
            }
            return BigDecimal.valueOf(value);
        }
        return new BigDecimal(number.toString());
    }

    /** A raw limit in the property's units, exactly. */
    private static BigDecimal engineering(PropertyMapping mapping, long raw) {
        BigDecimal value = BigDecimal.valueOf(raw);
        if (mapping.isScaled()) {
            value = value.multiply(BigDecimal.valueOf(mapping.scale())).add(BigDecimal.valueOf(mapping.offset()));
        }
        return value.stripTrailingZeros();
    }

    private static ValueException outOfRange(PropertyMapping mapping, Object value, String range) {
        String scaling = mapping.isScaled() ? " with scale " + mapping.scale() + " and offset " + mapping.offset() : "";
        return new ValueException(mapping.identifier() + ": " + value + " is out of range for "
                + mapping.type().key() + scaling + " (" + range + ")");
    }

    private static float finite(PropertyMapping mapping, float value) throws ValueException {
        if (!Float.isFinite(value)) {
            throw new ValueException(mapping.identifier() + ": the device holds " + value + ", which JSON cannot carry");
        }
        return value;
    }

    private static double finite(PropertyMapping mapping, double value) throws ValueException {
        if (!Double.isFinite(value)) {
            throw new ValueException(mapping.identifier() + ": the device holds " + value + ", which JSON cannot carry");
        }
        return value;
    }
}
