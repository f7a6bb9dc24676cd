package io.alink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.config.DemoProducts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AlinkCliTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void givenHelp_whenRun_thenTheSubcommandsAreListed() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("Usage: alink", "emulator", "help");
    }

    @Test
    void givenVersion_whenRun_thenAVersionLineIsPrinted() {
        assertThat(cli.run("--version")).isZero();
        assertThat(cli.out()).startsWith("alink ");
    }

    @Test
    void givenNoSubcommand_whenRun_thenUsageOnStderrAndExitCode2() {
        assertThat(cli.run()).isEqualTo(2);
        assertThat(cli.err()).contains("a subcommand is needed", "emulator");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void givenEveryCommand_whenItsOptionsAreListed_thenLogLevelIsOneOfThem() {
        List<CommandLine> commands = new ArrayList<>();
        collectCommands(AlinkCli.commandLine(), commands);

        assertThat(commands).extracting(command -> command.getCommandSpec().qualifiedName())
                .contains("alink emulator", "alink demo", "alink gateway", "alink simulate", "alink simulate modbus");
        assertThat(commands).allSatisfy(command -> assertThat(command.getCommandSpec().findOption("--log-level"))
                .as(command.getCommandSpec().qualifiedName()).isNotNull());
    }

    @Test
    void givenALogLevelThatIsNone_whenACommandIsRun_thenExitCode2NamingTheLevels() {
        assertThat(cli.run("emulator", "--log-level", "loud")).isEqualTo(2);
        assertThat(cli.err()).contains("Invalid value for option '--log-level': 'loud' is none of error, warn, info,"
                + " debug, trace");
    }

    @Test
    void givenAnUnknownOptionAndNoRequiredOne_whenTheGatewayIsRun_thenTheUnknownOptionIsWhatIsReported() {
        assertThat(cli.run("gateway", "--confg", "gateway.yaml")).isEqualTo(2);

        assertThat(cli.err()).contains("Unknown options: '--confg', 'gateway.yaml'")
                .doesNotContain("Missing required option");
    }

    @Test
    void givenAMisspelledOption_whenTheEmulatorIsRun_thenExitCode2NamingItAndTheOptionMeant() {
        assertThat(cli.run("emulator", "--mqtt-prot", "0")).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown options: '--mqtt-prot', '0'", "Possible solutions: --mqtt-port");
    }

    @Test
    void givenAPortOutOfRange_whenTheEmulatorIsRun_thenExitCode2NamingTheOption() {
        assertThat(cli.run("emulator", "--mqtt-port", "70000")).isEqualTo(2);
        assertThat(cli.err()).contains("--mqtt-port must be from 0 to 65535, was 70000");
    }

    @Test
    void givenABadConfigFile_whenTheEmulatorIsRun_thenExitCode2AndTheKeyPathOnStderr() throws Exception {
        Path file = Files.writeString(dir.resolve("emulator.yaml"), """
                products:
                  - productKey: a1Pk
                    nodeType: ROUTER
                """);

        assertThat(cli.run("emulator", "-c", file.toString(), "--mqtt-port", "0", "--http-port", "0")).isEqualTo(2);

        assertThat(cli.err()).contains(file + ": products[0].nodeType: expected one of GATEWAY, SUB_DEVICE, DEVICE");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void givenAFileAndFlags_whenTheConfigIsWorkedOut_thenTheFlagsWinAndTheFileGivesTheRest() throws Exception {
        Path file = Files.writeString(dir.resolve("emulator.yaml"), """
                mqtt: {port: 21883}
                http: {port: 28080}
                data: %s
                products: [{productKey: a1Pk, nodeType: DEVICE, devices: [{deviceName: d1}]}]
                """.formatted(dir.resolve("from-file")));
        EmulatorCommand command = parse("emulator", "-c", file.toString(), "--http-port", "0");

        EmulatorConfig config = command.effectiveConfig();

        assertThat(config.mqttPort()).isEqualTo(21883);
        assertThat(config.httpPort()).isZero();
        assertThat(config.dataDir()).isEqualTo(dir.resolve("from-file"));
        assertThat(config.products()).extracting(p -> p.productKey()).containsExactly("a1Pk");
    }

    @Test
    void givenNoFileAndNoDataFlag_whenTheConfigIsWorkedOut_thenTheDemoProductsAndTheHomeDataFolderAreUsed() throws Exception {
        EmulatorConfig config = parse("emulator", "--mqtt-port", "0").effectiveConfig();

        assertThat(config.products()).isEqualTo(DemoProducts.products());
        assertThat(config.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".alink", "emulator-data"));
        assertThat(config.mqttPort()).isZero();
        assertThat(config.httpPort()).isEqualTo(EmulatorConfig.DEFAULT_HTTP_PORT);
    }

    @Test
    void givenADataFlag_whenTheConfigIsWorkedOut_thenItWinsOverTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("emulator.yaml"), "data: " + dir.resolve("from-file") + "\n");

        EmulatorConfig config = parse("emulator", "-c", file.toString(), "--data", dir.resolve("flag").toString())
                .effectiveConfig();

        assertThat(config.dataDir()).isEqualTo(dir.resolve("flag"));
    }

    private static EmulatorCommand parse(String... args) {
        CommandLine cli = AlinkCli.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return (EmulatorCommand) parsed.subcommand().commandSpec().userObject();
    }

    /** Every subcommand below {@code command}, but picocli's help. */
    private static void collectCommands(CommandLine command, List<CommandLine> into) {
        command.getSubcommands().values().stream().distinct()
                .filter(sub -> !(sub.getCommand() instanceof CommandLine.HelpCommand))
                .forEach(sub -> {
                    into.add(sub);
                    collectCommands(sub, into);
                });
    }
}
