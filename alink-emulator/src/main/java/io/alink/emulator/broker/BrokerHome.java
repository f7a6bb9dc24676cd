package io.alink.emulator.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The temporary folder of one broker: HiveMQ's configuration, data and (empty) extensions folders. */
record BrokerHome(Path root) {

    private static final Logger log = LoggerFactory.getLogger(BrokerHome.class);

    static BrokerHome create(BrokerSettings settings) {
        try {
            BrokerHome home = new BrokerHome(Files.createTempDirectory("alink-broker-"));
            Files.createDirectories(home.data());
            Files.createDirectories(home.extensions());
            Files.createDirectories(home.conf());
            Files.writeString(home.conf().resolve("config.xml"), HiveMqConfig.render(settings),
                    StandardCharsets.UTF_8);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker folders", e);
        }
    }

    Path conf() {
        return root.resolve("conf");
    }

    Path data() {
        return root.resolve("data");
    }

    Path extensions() {
        return root.resolve("extensions");
    }

    void delete() {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the broker folder {}", root, e);
        }
    }
}
