package io.alink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Proves the scenarios still run end to end; tiny sizes, so nothing here is a measurement worth asserting on. */
class BenchSmokeTest {

    private static final String QUANTITY = "-?\\d+(\\.\\d+)? \\S+";

    @Test
    void givenTinySizes_whenTheBenchRuns_thenItsTableHasAllFiveScenariosWithNumericFigures() {
        String markdown = Bench.run(Sizes.tiny()).markdown();

        List<String> lines = markdown.lines().toList();
        assertThat(lines.get(0)).isEqualTo("| # | measure | figure | baseline | ratio | baseline is |");
        List<String[]> rows = lines.stream().skip(2).map(BenchSmokeTest::cells).toList();
        assertThat(rows).extracting(cells -> cells[0]).containsOnly("1", "2", "3", "4", "5")
                .contains("1", "2", "3", "4", "5");
        assertThat(rows).allSatisfy(cells -> {
            assertThat(cells[2]).as("figure of %s", cells[1]).matches(QUANTITY);
            assertThat(cells[3]).as("baseline of %s", cells[1]).matches(QUANTITY);
            assertThat(cells[4]).as("ratio of %s", cells[1]).matches("-?\\d+\\.\\d\\d");
        });
    }

    /** The cells of a table row, without the outer pipes. */
    private static String[] cells(String row) {
        return Stream.of(row.substring(1, row.length() - 1).split("(?<!\\\\)\\|")).map(String::trim)
                .toArray(String[]::new);
    }
}
