package io.alink.daemon;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.alink.config.ConfigFuzzing;

/**
 * Fuzz target: gateway.yaml. Any bytes are read or refused with a ConfigException that repeats no secret of the
 * file; an input is the file, with {@code $S} for a secret ({@link ConfigFuzzing}).
 */
class GatewayFileFuzzTest {

    @FuzzTest
    void anyFile(byte[] input) {
        ConfigFuzzing.readOrRefuse(input, GatewayFile::load);
    }
}
