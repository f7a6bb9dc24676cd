package io.alink.gateway;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the outbox message that makes the platform close the connection (a poison message), without charging the
 * innocent ones that were in flight beside it.
 *
 * <p>When a connection is lost with messages sent and not acknowledged, those become suspects: on the next
 * connection they are sent again on their own, nothing else in flight, all of them at first (after an ordinary
 * outage they are simply acknowledged), and each further loss halves the ones still unacknowledged, oldest first.
 * A probe that goes through doubles the next one, so that the innocent suspects after the culprit do not go one
 * round trip each. A message is charged an attempt only when it was the only one unacknowledged as the connection was
 * lost, so a poison message is alone after a few losses and then charged once per loss, while its neighbours are not.
 *
 * <p>Confined to the outbox delivery's executor.
 */
final class Suspects {

    private final TreeSet<Long> suspects = new TreeSet<>();
    /** How many of the oldest suspects go together in the next probe. */
    private int window;
    private List<Long> lastProbe = List.of();

    /** Whether suspects are being probed: then nothing else is sent. */
    boolean probing() {
        return !suspects.isEmpty();
    }

    /**
     * The connection was lost with {@code unacknowledged} sent on it; while probing, those are the probe's members
     * still unacknowledged. Returns the message to charge an attempt to: the only one unacknowledged, if so.
     */
    OptionalLong connectionLost(Set<Long> unacknowledged) {
        if (unacknowledged.isEmpty()) {
            return OptionalLong.empty();
        }
        lastProbe = List.of();
        if (probing()) {
            // acknowledged members have left the suspects, so the unacknowledged ones are the oldest that remain
            window = Math.max(1, unacknowledged.size() / 2);
        } else {
            suspects.addAll(unacknowledged);
            window = unacknowledged.size();
        }
        return unacknowledged.size() == 1 ? OptionalLong.of(unacknowledged.iterator().next()) : OptionalLong.empty();
    }

    /** The suspects that go in the next probe, oldest first; asked for once the previous probe has settled. */
    List<Long> nextProbe() {
        if (!lastProbe.isEmpty() && lastProbe.stream().noneMatch(suspects::contains)) {
            window = (int) Math.min(2L * window, Integer.MAX_VALUE);
        }
        lastProbe = suspects.stream().limit(window).toList();
        return lastProbe;
    }

    /** A suspect was acknowledged, given up, is gone from the outbox, or waits for its device: no longer suspect. */
    void cleared(long seq) {
        suspects.remove(seq);
    }
}
