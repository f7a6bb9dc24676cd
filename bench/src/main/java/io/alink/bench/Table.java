package io.alink.bench;

import java.util.Comparator;
import java.util.List;

/** The rows as one Markdown table, in scenario order. */
public record Table(List<Row> rows) {

    public Table {
        rows = rows.stream().sorted(Comparator.comparingInt(Row::scenario)).toList();
    }

    public String markdown() {
        StringBuilder out = new StringBuilder()
                .append("| # | measure | figure | baseline | ratio | baseline is |\n")
                .append("|---|---|---:|---:|---:|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.scenario())
                    .append(" | ").append(cell(row.measure()))
                    .append(" | ").append(row.figureText())
                    .append(" | ").append(row.baselineText())
                    .append(" | ").append(row.ratioText())
                    .append(" | ").append(cell(row.baselineWhat()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
