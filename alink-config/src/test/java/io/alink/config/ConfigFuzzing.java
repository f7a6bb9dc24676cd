package io.alink.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What every configuration-file fuzz target checks (docs/fuzzing.md): given any bytes, a loader either reads them or
 * throws {@link ConfigException}, and the exception's message never repeats a secret written in the file.
 *
 * <p>A fuzz input is the file, in which each {@value #PLACEHOLDER} stands for a secret: it becomes {@link #SECRET}
 * before the loader sees the bytes. The message is checked when every placeholder sits where a secret goes (after
 * the key deviceSecret, productSecret or password) and the secret is not written out elsewhere: as a productKey say,
 * repeating the value is right.
 */
public final class ConfigFuzzing {

    public static final String PLACEHOLDER = "$S";
    /** In no key, message or default: a message that contains it repeats the value. */
    public static final String SECRET = "qZ8sEcReTvAlUe5";

    /** A secret key written as a key: at a line's start, after a blank, '{', ',' or a quote (not inside a tag). */
    private static final Pattern SECRET_SLOT = Pattern.compile("(?<![^\\s{,'\"])(deviceSecret|productSecret|password)"
            + "['\"]?[ \t]*:[ \t]*['\"]?" + Pattern.quote(PLACEHOLDER));
    private static final Path FILE = Path.of("fuzzed.yaml");

    /** A loader's entry point for bytes already in hand. */
    @FunctionalInterface
    public interface Loader {
        Object load(Path file, byte[] yaml) throws ConfigException;
    }

    private ConfigFuzzing() {
    }

    public static void readOrRefuse(byte[] input, Loader loader) {
        // ISO-8859-1 maps bytes to chars one to one: malformed UTF-8 reaches the loader as it came
        String text = new String(input, StandardCharsets.ISO_8859_1);
        byte[] yaml = text.replace(PLACEHOLDER, SECRET).getBytes(StandardCharsets.ISO_8859_1);
        try {
            loader.load(FILE, yaml);
        } catch (ConfigException refused) {
            // the fuzzer learns the secret from the comparisons it watches and may write it anywhere, a key say
            if (!text.contains(SECRET) && occurrences(text) == SECRET_SLOT.matcher(text).results().count()) {
                assertThat(refused.getMessage()).doesNotContain(SECRET);
            }
        }
    }

    private static long occurrences(String text) {
        long count = 0;
        for (int at = text.indexOf(PLACEHOLDER); at >= 0; at = text.indexOf(PLACEHOLDER, at + PLACEHOLDER.length())) {
            count++;
        }
        return count;
    }
}
