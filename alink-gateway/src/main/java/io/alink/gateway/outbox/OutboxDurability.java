package io.alink.gateway.outbox;

/**
 * What a committed append survives: SQLite's {@code synchronous} setting, WAL journal either way. The library always
 * uses {@link #POWER_CUT}: what a caller is told was accepted must still be there after the power comes back.
 */
public enum OutboxDurability {
    /** {@code synchronous=FULL}: every commit is synced to disk before it completes. */
    POWER_CUT("FULL"),
    /**
     * {@code synchronous=NORMAL}: a commit survives a crash of the process, but the last ones may be lost in a power
     * cut. Only the benchmark that prices {@link #POWER_CUT} against it uses it.
     */
    PROCESS_CRASH("NORMAL");

    final String synchronous;

    OutboxDurability(String synchronous) {
        this.synchronous = synchronous;
    }
}
