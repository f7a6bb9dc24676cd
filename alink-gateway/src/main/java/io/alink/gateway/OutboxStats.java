package io.alink.gateway;

/**
 * The outbox at a glance. {@code queuedMessages} and {@code queuedBytes} (payload plus topic) are what waits on disk
 * for a PUBACK; {@code droppedMessages} were dropped because the outbox was full or they grew too old (since the
 * client was created); {@code sentMessages} were acknowledged by the platform and removed (since the client was
 * created); {@code deadLetters} are held in the dead letters, given up after failed sends
 * ({@link GatewayClient#deadLetters()}).
 */
public record OutboxStats(long queuedMessages, long queuedBytes, long droppedMessages, long sentMessages,
                          long deadLetters) {
}
