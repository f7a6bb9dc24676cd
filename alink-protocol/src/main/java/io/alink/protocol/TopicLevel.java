package io.alink.protocol;

import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * What the platform lets stand in one topic level, by the level's role. Every rule refuses what a topic level can
 * never hold: nothing, '/', '+', '#', whitespace, control characters (U+0000-U+001F, U+007F-U+009F) and lone UTF-16
 * surrogates; the stricter rules add the platform's character set and length.
 *
 * <p>A problem is described without quoting the value, which may hold the very control characters that must not
 * reach a log line.
 */
public enum TopicLevel {
    /**
     * A productKey or a deviceName. The platform names devices with 4 to 32 letters, digits and {@code -_@.:}, and
     * issues productKeys of letters and digits (11 of them so far), so one rule covers both parts. The 4-character
     * minimum is a rule of device creation, not of topics, and is left to the platform.
     */
    DEVICE_PART(32, "letters, digits, '-', '_', '@', '.' and ':'", c -> isAsciiAlnum(c) || "-_@.:".indexOf(c) >= 0),

    /**
     * The identifier of an event or a service of the thing model. The platform's thing model allows letters, digits
     * and '_', at most 50; '-' is accepted as well (UNCONFIRMED whether the platform allows it). A feature of a
     * custom module is addressed as {@code moduleId:identifier} (UNCONFIRMED: platform documentation, not the
     * capture), each side under the same rule.
     */
    IDENTIFIER(50, "letters, digits, '_' and '-'", c -> isAsciiAlnum(c) || c == '_' || c == '-'),

    /** A level of a custom topic below {@code /user/}: letters, digits and '_', as the console allows. */
    CUSTOM(Integer.MAX_VALUE, "letters, digits and '_'", c -> isAsciiAlnum(c) || c == '_'),

    /** Any other level (fixed words of system topics, RRPC message ids): only what no topic level can hold is refused. */
    ANY(Integer.MAX_VALUE, "any character but '/', '+', '#', whitespace and control characters", c -> true);

    /** Separates a custom module's id from the feature's identifier, as in {@code module1:alarm}. */
    private static final char MODULE_SEPARATOR = ':';

    private final int maxLength;
    private final String allowed;
    private final IntPredicate allows;
    /** {@link #allowedHere} of every ASCII character, worked out once: every identifier of every reading passes here. */
    private final boolean[] asciiAllowed = new boolean[0x80];

    TopicLevel(int maxLength, String allowed, IntPredicate allows) {
        this.maxLength = maxLength;
        this.allowed = allowed;
        this.allows = allows;
        for (int c = 0; c < asciiAllowed.length; c++) {
            asciiAllowed[c] = allowedHere(c);
        }
    }

    public int maxLength() {
        return maxLength;
    }

    /** Why {@code value} cannot stand in a level of this role, as a phrase to follow the field's name; empty if it can. */
    public Optional<String> problem(String value) {
        if (this == IDENTIFIER && value != null) {
            int separator = value.indexOf(MODULE_SEPARATOR);
            if (separator >= 0) {
                Optional<String> module = check(value.substring(0, separator), 0);
                return module.isPresent() ? module : check(value.substring(separator + 1), separator + 1);
            }
        }
        return check(value, 0);
    }

    public boolean accepts(String value) {
        return problem(value).isEmpty();
    }

    /**
     * {@code value} when it can stand in a level of this role.
     *
     * @throws IllegalArgumentException naming {@code field} and the problem
     */
    public String require(String field, String value) {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(field + " " + problem.get());
        }
        return value;
    }

    private Optional<String> check(String value, int offset) {
        if (value == null || value.isEmpty()) {
            return Optional.of(offset == 0 ? "is empty" : "has an empty part at position " + (offset + 1));
        }
        if (value.length() > maxLength) {
            return Optional.of("is longer than " + maxLength + " characters (" + value.length() + ")");
        }
        for (int i = 0; i < value.length(); ) {
            char ascii = value.charAt(i);
            if (ascii < asciiAllowed.length && asciiAllowed[ascii]) {
                i++;
                continue;
            }
            int c = value.codePointAt(i);
            if (!allowedHere(c)) {
                // the phrase is built for a refused character only: every topic of every message passes here
                return Optional.of(refusal(c, offset + i + 1));
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    private boolean allowedHere(int c) {
        return !Character.isSurrogate((char) c) && !Character.isISOControl(c) && !Character.isWhitespace(c)
                && !Character.isSpaceChar(c) && c != '/' && c != '+' && c != '#' && allows.test(c);
    }

    /** Why the refused character {@code c} at {@code position} (from 1) cannot stand here. */
    private String refusal(int c, int position) {
        String at = " at position " + position;
        if (Character.isSurrogate((char) c)) {
            return "has a lone UTF-16 surrogate" + at;
        }
        if (Character.isISOControl(c)) {
            return "has the control character " + codePoint(c) + at;
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return "has the whitespace " + codePoint(c) + at;
        }
        return "has " + describe(c) + at + "; allowed: " + allowed;
    }

    private static boolean isAsciiAlnum(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** Printable ASCII as itself, anything else by code point: a message must not carry invisible characters. */
    private static String describe(int c) {
        return c > ' ' && c < 0x7F ? "'" + (char) c + "'" : codePoint(c);
    }

    private static String codePoint(int c) {
        return String.format("U+%04X", c);
    }
}
