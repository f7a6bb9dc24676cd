package io.alink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest {

    @Test
    void givenTwoPartsToRunAlone_whenParsed_thenItExits2NamingThemBeforeRunningAnything() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BenchMain()).setErr(new PrintWriter(err));

        int status = command.execute("--durable", "--capacity");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--durable", "--capacity", "choose one");
    }

    @Test
    void givenGatewayCostWithAnotherPart_whenParsed_thenItExits2NamingIt() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BenchMain()).setErr(new PrintWriter(err));

        int status = command.execute("--gateway-cost", "--capacity");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--gateway-cost", "choose one");
    }
}
