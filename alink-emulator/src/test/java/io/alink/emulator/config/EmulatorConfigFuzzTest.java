package io.alink.emulator.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.alink.config.ConfigFuzzing;

/**
 * Fuzz target: the emulator's YAML file. Any bytes are read or refused with a ConfigException that repeats no
 * secret of the file; an input is the file, with {@code $S} for a secret ({@link ConfigFuzzing}).
 */
class EmulatorConfigFuzzTest {

    @FuzzTest
    void anyFile(byte[] input) {
        ConfigFuzzing.readOrRefuse(input, EmulatorConfigLoader::parse);
    }
}
