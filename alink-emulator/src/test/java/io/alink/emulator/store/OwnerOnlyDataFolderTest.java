package io.alink.emulator.store;

import static io.alink.emulator.TestProducts.gateway;
import static io.alink.emulator.TestProducts.secretOf;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.alink.emulator.Emulator;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.platform.EmulatorProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The data folder holds every secret: it is the owner's alone (0700, files 0600), whatever the umask. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "no POSIX permissions")
class OwnerOnlyDataFolderTest {

    private static final String PROPERTY_POST = "/sys/a1GwPk0001/gw1/thing/event/property/post";

    @TempDir
    Path work;

    @Test
    void givenUmask000WhenTheEmulatorStartsOnANewFolderThenTheFolderAndTheDatabaseWithItsWalAndShmAreOwnerOnly()
            throws Exception {
        Path data = work.resolve("new/data");
        try (EmulatorProcess.Running emulator = EmulatorProcess.startWithUmask("000", data)) {
            // not closed: its connection dies with the process
            TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)));
            gw.publish(PROPERTY_POST, "{\"id\":\"1\",\"params\":{}}".getBytes(StandardCharsets.UTF_8), 1);

            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(data.resolve("emulator.db-wal")).as("written to since the start").exists();
            assertThat(data.resolve("emulator.db-shm")).exists();
            assertThat(files(data)).extracting(file -> file.getFileName().toString() + " " + mode(file))
                    .contains("emulator.db rw-------", "emulator.db-wal rw-------", "emulator.db-shm rw-------")
                    .allSatisfy(nameAndMode -> assertThat(nameAndMode).endsWith(" rw-------"));
        }
    }

    @Test
    void givenAFolderOpenToEveryoneWhenTheEmulatorStartsThenItIsTightenedAndThatIsLoggedOnce() throws Exception {
        Path data = work.resolve("data");
        Emulator.start(TestProducts.config().dataDir(data).build()).close();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(data.resolve("emulator.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(data.resolve("notes.txt"), "left by someone");
        ListAppender<ILoggingEvent> warnings = captureWarnings();
        try (Emulator emulator = Emulator.start(TestProducts.config().dataDir(data).build());
             TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            gw.publish(PROPERTY_POST, "{\"id\":\"1\",\"params\":{}}".getBytes(StandardCharsets.UTF_8), 1);

            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(files(data)).isNotEmpty().allSatisfy(file -> assertThat(mode(file)).as(file.toString())
                    .isEqualTo("rw-------"));
            assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(message -> message.startsWith(data + " ")).singleElement().asString()
                    .contains("0777");
            assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(message -> assertThat(message).startsWith(data.resolve("emulator.db") + " ")
                            .contains("0644"));
        } finally {
            ownerOnlyLogger().detachAppender(warnings);
        }
        assertThat(warnings.list).allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN));
    }

    private static ListAppender<ILoggingEvent> captureWarnings() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ownerOnlyLogger().addAppender(appender);
        return appender;
    }

    private static Logger ownerOnlyLogger() {
        return (Logger) LoggerFactory.getLogger(OwnerOnlyFiles.class);
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.toList();
        }
    }
}
