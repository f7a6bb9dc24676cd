/** Benchmarks of the gateway library and the emulator, each against a baseline measured in the same run. */
package io.alink.bench;
