package io.alink.gateway.outbox;

import io.alink.protocol.DeviceId;

/**
 * A message the outbox gave up sending: the platform never acknowledged it within {@link Outbox#MAX_ATTEMPTS}
 * attempts (it closed the connection each time, say), or its topic could never be sent. It stays, without holding up
 * any other message, until it is removed or re-queued, or the outbox's bounds drop it.
 *
 * @param seq                its seq in the outbox, kept while it is a dead letter
 * @param size               payload plus topic, as the outbox's byte bound counts it
 * @param attempts           sends that were not acknowledged
 * @param reason             why it was given up (never the payload)
 * @param deadLetteredMillis when it was given up
 */
public record DeadLetter(long seq, DeviceId device, String topic, int size, int attempts, String reason,
                         long deadLetteredMillis) {
}
