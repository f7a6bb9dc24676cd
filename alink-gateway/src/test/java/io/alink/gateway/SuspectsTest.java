package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SuspectsTest {

    private final Suspects suspects = new Suspects();

    @Test
    void givenNothingInFlight_whenTheConnectionIsLost_thenNobodyIsSuspectOrCharged() {
        assertThat(suspects.connectionLost(Set.of())).isEmpty();
        assertThat(suspects.probing()).isFalse();
    }

    @Test
    void givenOneMessageAloneInFlight_whenTheConnectionIsLost_thenItIsChargedAndProbedAlone() {
        assertThat(suspects.connectionLost(Set.of(7L))).hasValue(7);

        assertThat(suspects.probing()).isTrue();
        assertThat(suspects.nextProbe()).containsExactly(7L);
    }

    @Test
    void givenManyInFlight_whenLossesRepeat_thenNobodyIsChargedUntilTheProbeIsNarrowedToOne() {
        assertThat(suspects.connectionLost(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L))).isEmpty();
        assertThat(suspects.nextProbe()).as("all again, on their own").containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);

        suspects.cleared(1L);
        suspects.cleared(2L);
        assertThat(suspects.connectionLost(Set.of(3L, 4L, 5L, 6L, 7L, 8L))).isEmpty();
        assertThat(suspects.nextProbe()).as("half of the unacknowledged").containsExactly(3L, 4L, 5L);

        assertThat(suspects.connectionLost(Set.of(3L, 4L, 5L))).isEmpty();
        assertThat(suspects.nextProbe()).containsExactly(3L);
        suspects.cleared(3L);
        assertThat(suspects.nextProbe()).as("3 went through: twice as wide").containsExactly(4L, 5L);
        suspects.cleared(5L);

        assertThat(suspects.connectionLost(Set.of(4L))).as("the only one unacknowledged").hasValue(4);
    }

    @Test
    void givenANarrowedProbe_whenItGoesThrough_thenTheNextOneIsTwiceAsWide() {
        suspects.connectionLost(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L));
        suspects.nextProbe();
        suspects.connectionLost(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L));
        suspects.nextProbe();
        suspects.connectionLost(Set.of(1L, 2L, 3L, 4L));
        assertThat(suspects.nextProbe()).containsExactly(1L, 2L);

        suspects.cleared(1L);
        suspects.cleared(2L);

        assertThat(suspects.nextProbe()).containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void givenSuspects_whenAllAreCleared_thenTheProbeIsOverAndNormalDeliveryResumes() {
        suspects.connectionLost(Set.of(1L, 2L));

        suspects.cleared(1L);
        suspects.cleared(2L);

        assertThat(suspects.probing()).isFalse();
    }
}
