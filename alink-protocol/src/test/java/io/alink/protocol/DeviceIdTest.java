package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A device id's equality, as its record components: both parts, whatever the instances. */
class DeviceIdTest {

    @Test
    void givenTheSamePartsInOtherStrings_whenCompared_thenTheIdsAreEqualWithEqualHashes() {
        DeviceId built = DeviceId.of("a1GwPk0001", "gw01");
        DeviceId parsed = AlinkTopic.parse("/sys/a1GwPk0001/gw01/thing/event/property/post").orElseThrow().device();

        assertThat(parsed).isNotSameAs(built).isEqualTo(built);
        assertThat(parsed.hashCode()).isEqualTo(built.hashCode());
        assertThat(Set.of(built)).contains(parsed);
    }

    @Test
    void givenIdsThatDifferInOnePart_whenCompared_thenTheyAreNotEqual() {
        DeviceId id = DeviceId.of("a1GwPk0001", "gw01");

        assertThat(id).isNotEqualTo(DeviceId.of("a1GwPk0002", "gw01"))
                .isNotEqualTo(DeviceId.of("a1GwPk0001", "gw02"))
                .isNotEqualTo(DeviceId.of("gw01", "a1GwPk0001"))
                .isNotEqualTo(null)
                .isNotEqualTo("a1GwPk0001/gw01");
    }
}
