package io.alink.daemon.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Report on change beyond the deadband, and everything at least every everyMs. */
class ReportFilterTest {

    private static final long EVERY = 60_000;

    @Test
    void givenAFirstPoll_whenSelected_thenEverythingIsReported() {
        ReportFilter filter = new ReportFilter(new ReportPolicy(true, 0.5, Duration.ofMillis(EVERY)));

        assertThat(filter.select(values(20.0, 1), 0)).isEqualTo(values(20.0, 1));
    }

    @Test
    void givenChanges_whenSelected_thenOnlyThoseBeyondTheDeadbandFromTheLastReportedValue() {
        ReportFilter filter = new ReportFilter(new ReportPolicy(true, 0.5, Duration.ofMillis(EVERY)));
        filter.select(values(20.0, 1), 0);

        assertThat(filter.select(values(20.3, 1), 1000)).isEmpty();
        assertThat(filter.select(values(20.6, 1), 2000)).containsExactly(Map.entry("Temperature", 20.6));
        assertThat(filter.select(values(20.6, 0), 3000)).containsExactly(Map.entry("Running", 0));
    }

    @Test
    void givenASlowDrift_whenSelected_thenReportedOnceItAddsUpBeyondTheDeadband() {
        ReportFilter filter = new ReportFilter(new ReportPolicy(true, 0.5, Duration.ofMillis(EVERY)));
        filter.select(values(20.0, 1), 0);

        assertThat(filter.select(values(20.3, 1), 1000)).isEmpty();
        assertThat(filter.select(values(20.51, 1), 2000)).containsOnlyKeys("Temperature");
    }

    @Test
    void givenNothingChanges_whenEveryMsPasses_thenEverythingIsReportedAgain() {
        ReportFilter filter = new ReportFilter(new ReportPolicy(true, 0.0, Duration.ofMillis(EVERY)));
        filter.select(values(20.0, 1), 0);

        assertThat(filter.select(values(20.0, 1), EVERY - 1)).isEmpty();
        assertThat(filter.select(values(20.0, 1), EVERY)).isEqualTo(values(20.0, 1));
    }

    @Test
    void givenOnChangeOff_whenValuesChange_thenOnlyThePeriodicReportSendsThem() {
        ReportFilter filter = new ReportFilter(new ReportPolicy(false, 0.0, Duration.ofMillis(EVERY)));
        filter.select(values(20.0, 1), 0);

        assertThat(filter.select(values(25.0, 0), 1000)).isEmpty();
        assertThat(filter.select(values(25.0, 0), EVERY)).isEqualTo(values(25.0, 0));
    }

    @Test
    void givenADeviceBackFromAnOutage_whenToldToReportAll_thenTheNextPollReportsEverything() {
        ReportFilter filter = new ReportFilter(new ReportPolicy(true, 0.0, Duration.ofMillis(EVERY)));
        filter.select(values(20.0, 1), 0);

        filter.reportAllNext();

        assertThat(filter.select(values(20.0, 1), 1000)).isEqualTo(values(20.0, 1));
    }

    @Test
    void givenSomeValuesUnchangedAmongChangedOnes_whenSelected_thenTheChangedOnesInTheirOrder() {
        ReportFilter filter = new ReportFilter(new ReportPolicy(true, 0.0, Duration.ofMillis(EVERY)));
        filter.select(Map.of("A", 1, "B", 2, "C", 3, "D", 4), 0);
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("A", 10);
        next.put("B", 2);
        next.put("C", 30);
        next.put("D", 4);

        assertThat(filter.select(next, 1000)).containsExactly(Map.entry("A", 10), Map.entry("C", 30));
        assertThat(filter.select(next, 2000)).isEmpty();
    }

    @Test
    void givenEveryValueChanged_whenSelected_thenAllOfThemInTheirOrder() {
        ReportFilter filter = new ReportFilter(new ReportPolicy(true, 0.0, Duration.ofMillis(EVERY)));
        filter.select(values(20.0, 1), 0);

        assertThat(filter.select(values(21.0, 0), 1000))
                .containsExactly(Map.entry("Temperature", 21.0), Map.entry("Running", 0));
    }

    private static Map<String, Object> values(double temperature, int running) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Temperature", temperature);
        values.put("Running", running);
        return values;
    }
}
