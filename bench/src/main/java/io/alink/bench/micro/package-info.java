/**
 * JMH micro-benchmarks of the protocol's hot paths and of the outbox's commits: {@code java -jar
 * bench/target/benchmarks.jar}. They run every message or connection through the gateway and the emulator, so they
 * set the ceiling the scenarios cannot pass.
 */
package io.alink.bench.micro;
