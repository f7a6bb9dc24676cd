package io.alink.cli;

import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.config.ConfigException;
import io.alink.emulator.config.DemoProducts;
import io.alink.emulator.config.EmulatorConfigLoader;
import io.alink.dist.LogLevelOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code alink emulator}: the platform emulator alone, until SIGINT or SIGTERM. Its first two lines on stdout are
 * where to connect, so a script or a person can read them before anything else; logging goes to stderr.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Runs the Alibaba Cloud IoT platform emulator on 127.0.0.1 until interrupted.",
                "Prints 'MQTT tcp://127.0.0.1:<port>' and 'HTTP http://127.0.0.1:<port>' as its first two lines.",
                "Without -c it serves the demo products and prints their identities."})
final class EmulatorCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorCommand.class);
    static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), ".alink", "emulator-data");

    @Spec
    CommandSpec spec;

    @Mixin
    LogLevelOption logLevel;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration file (see README).")
    Path configFile;

    private Integer mqttPort;
    private Integer httpPort;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder (default: the file's 'data', else ~/.alink/emulator-data).")
    Path dataDir;

    @Option(names = "--mqtt-port", paramLabel = "PORT", description = "MQTT port; 0 picks a free one. Wins over the file.")
    void mqttPort(int port) {
        mqttPort = checkPort("--mqtt-port", port);
    }

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port; 0 picks a free one. Wins over the file.")
    void httpPort(int port) {
        httpPort = checkPort("--http-port", port);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EmulatorConfig config;
        try {
            config = effectiveConfig();
        } catch (ConfigException e) {
            err.println("alink emulator: " + e.getMessage());
            err.flush();
            return AlinkCli.EXIT_USAGE;
        }
        Emulator emulator;
        try {
            emulator = Emulator.start(config);
        } catch (RuntimeException e) {
            err.println("alink emulator: cannot start: " + e.getMessage());
            err.flush();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping the emulator");
            emulator.closeBeforeExit();
        }, "alink-emulator-shutdown"));
        out.println("MQTT tcp://127.0.0.1:" + emulator.mqttPort());
        out.println("HTTP http://127.0.0.1:" + emulator.httpPort());
        emulator.mqttTlsPort().ifPresent(port -> out.println("MQTTS ssl://127.0.0.1:" + port));
        if (configFile == null) {
            out.println("Demo products (public test identities):");
            DemoProducts.describe().forEach(out::println);
        }
        // last: the lines above are what scripts read first
        out.println("OTA files " + emulator.otaFilesUri());
        out.flush();
        LOG.info("Emulator running, data in {}; Ctrl-C to stop", config.dataDir());
        // The shutdown hook does the closing; this thread only has to stay alive until then.
        new CountDownLatch(1).await();
        return 0;
    }

    /** The file's settings (or the demo products), then the command line's, then the default data folder. */
    EmulatorConfig effectiveConfig() throws ConfigException {
        EmulatorConfig.Builder config;
        if (configFile != null) {
            config = EmulatorConfigLoader.load(configFile).toBuilder();
        } else {
            config = EmulatorConfig.builder();
            DemoProducts.products().forEach(config::product);
        }
        if (mqttPort != null) {
            config.mqttPort(mqttPort);
        }
        if (httpPort != null) {
            config.httpPort(httpPort);
        }
        if (dataDir != null) {
            config.dataDir(dataDir.toAbsolutePath().normalize());
        }
        EmulatorConfig built = config.build();
        return built.dataDir() != null ? built : built.toBuilder().dataDir(DEFAULT_DATA_DIR).build();
    }

    private int checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), option + " must be from 0 to 65535, was " + port);
        }
        return port;
    }
}
