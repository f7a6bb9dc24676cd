package io.alink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class BenchMainTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"--durable, --capacity", "--gateway-cost, --capacity", "--gateway-cost, --durable"})
    void givenTwoPartsToRunAlone_whenParsed_thenItExits2NamingThemBeforeRunningAnything(String one, String other) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BenchMain()).setErr(new PrintWriter(err));

        int status = command.execute(one, other);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains(one, other, "choose one");
    }
}
