package io.alink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Proves the scenarios still run end to end; tiny sizes, so nothing here is a measurement worth asserting on. */
class BenchSmokeTest {

    private static final String QUANTITY = "-?\\d+(\\.\\d+)? \\S+";

    @Test
    void givenTinySizes_whenTheBenchRuns_thenItsTableHasAllEightScenariosWithNumericFigures()
            throws InterruptedException {
        String markdown = Bench.run(Sizes.tiny()).markdown();

        List<String> lines = markdown.lines().toList();
        assertThat(lines.get(0)).isEqualTo("| # | measure | figure | baseline | ratio | baseline is |");
        List<String[]> rows = lines.stream().skip(2).map(BenchSmokeTest::cells).toList();
        assertThat(rows).extracting(cells -> cells[0]).containsOnly("1", "2", "3", "4", "5", "6", "7", "8")
                .contains("1", "2", "3", "4", "5", "6", "7", "8");
        // what is not a timing: every post answered 202 arrived (and those in flight when the load stopped may
        // have arrived too), every post of the drain in order
        assertThat(rows).filteredOn(cells -> cells[1].startsWith("posts arrived at the emulator")).singleElement()
                .satisfies(cells -> assertThat(Double.parseDouble(cells[2].split(" ")[0]))
                        .as(cells[1]).isGreaterThanOrEqualTo(Double.parseDouble(cells[3].split(" ")[0])));
        assertThat(rows).filteredOn(cells -> cells[1].startsWith("posts in order per device")).singleElement()
                .satisfies(cells -> assertThat(cells[4]).as(cells[1]).isEqualTo("1.00"));
        assertThat(rows).filteredOn(cells -> cells[1].contains("on a bare HiveMQ CE")).hasSize(2);
        // the field rows of each protocol: arrived against read-only, against bare pack/post, peak RSS, CPU
        for (String protocol : List.of("Modbus TCP", "OPC UA")) {
            assertThat(rows).filteredOn(cells -> cells[0].equals("6") && cells[1].contains(protocol))
                    .extracting(cells -> cells[2]).hasSize(4)
                    .anyMatch(figure -> figure.endsWith(" points/s")).anyMatch(figure -> figure.endsWith(" MiB"))
                    .anyMatch(figure -> figure.endsWith(" cores"));
        }
        assertThat(rows).allSatisfy(cells -> {
            assertThat(cells[2]).as("figure of %s", cells[1]).matches(QUANTITY);
            assertThat(cells[3]).as("baseline of %s", cells[1]).matches(QUANTITY);
            assertThat(cells[4]).as("ratio of %s", cells[1]).matches("-?\\d+\\.\\d\\d");
        });
    }

    @Test
    void givenAShortSoakWithAPlatformRestart_whenItRuns_thenEachReadingIsNumericAndNothingAcceptedIsLost()
            throws InterruptedException {
        SoakPlan plan = new SoakPlan(Duration.ofSeconds(20), 100, 2, 10, Duration.ofSeconds(5),
                Duration.ofSeconds(10));

        SoakReport report = Soak.run(plan);

        List<String> lines = report.markdown().lines().toList();
        assertThat(lines.get(0)).startsWith("| elapsed | posts accepted |");
        List<String[]> readings = lines.stream().skip(2).takeWhile(line -> !line.isEmpty())
                .map(BenchSmokeTest::cells).toList();
        // the reading before the load, four at 5 s intervals, the last of them at the end of the load
        assertThat(readings).hasSize(5).allSatisfy(cells -> {
            assertThat(cells[0]).matches("\\d+:\\d\\d");
            assertThat(List.of(cells).subList(1, cells.length)).allMatch(cell -> cell.matches("\\d+(\\.\\d)?"));
        });
        assertThat(Double.parseDouble(readings.get(4)[3])).as("heap after GC, MiB").isPositive();
        assertThat(report.totals().accepted()).isPositive();
        assertThat(report.totals().restarts()).isEqualTo(1);
        assertThat(report.totals().reconnects()).isGreaterThanOrEqualTo(1);
        assertThat(report.totals().lost()).isZero();
        assertThat(report.totals().arrived()).isEqualTo(report.totals().accepted());
        assertThat(report.totals().exitStatus()).isZero();
        assertThat(lines).contains("| lost (accepted, never arrived) | 0 |");
    }

    /** The cells of a table row, without the outer pipes. */
    private static String[] cells(String row) {
        return Stream.of(row.substring(1, row.length() - 1).split("(?<!\\\\)\\|")).map(String::trim)
                .toArray(String[]::new);
    }
}
