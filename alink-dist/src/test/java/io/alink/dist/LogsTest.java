package io.alink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alink.daemon.LogLevel;
import io.alink.daemon.LogSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The logging key of a gateway.yaml applied to logback: levels, the file and its rotation, JSON lines. */
class LogsTest {

    /** A line of {@link Logs#PATTERN}: date, time with milliseconds, and zone, then the level. */
    private static final String DATED_LINE =
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO  .*";
    private static final Logger LOG = LoggerFactory.getLogger("io.alink.dist.test");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final AtomicLong lines = new AtomicLong();

    @AfterEach
    void backToTheTestConfiguration() {
        Logs.apply(LogSettings.DEFAULT, false);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.alink").setLevel(null);
    }

    @Test
    void givenALogFile_whenLinesAreLogged_thenTheyAreWrittenWithDateTimeAndZone() throws Exception {
        Path file = dir.resolve("logs/gateway.log");
        Logs.apply(new LogSettings(LogLevel.INFO, file, 1024 * 1024, 2, false), false);

        LOG.info("reading {}", 42);
        LOG.debug("not at INFO");

        assertThat(Files.readAllLines(file)).singleElement().asString().matches(DATED_LINE)
                .endsWith("io.alink.dist.test - reading 42");
    }

    @Test
    void givenASmallMaximumSize_whenMoreIsLogged_thenTheFileIsRotatedKeepingAtMostMaxFiles() throws Exception {
        Path file = dir.resolve("gateway.log");
        Path oldest = dir.resolve("gateway.log.2");
        Logs.apply(new LogSettings(LogLevel.INFO, file, 2048, 2, false), false);

        // the size is looked at once a second: log until two rotations happened, then until one more pushed the
        // oldest file out
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            logLines(20);
            return Files.exists(oldest);
        });
        String firstOfOldest = Files.readAllLines(oldest).get(0);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            logLines(20);
            return !Files.readAllLines(oldest).get(0).equals(firstOfOldest);
        });

        assertThat(dir.resolve("gateway.log.3")).doesNotExist();
        assertThat(List.of(file, dir.resolve("gateway.log.1"), oldest))
                .allSatisfy(log -> assertThat(Files.readAllLines(log)).allMatch(line -> line.matches(DATED_LINE)));
    }

    @Test
    void givenJsonLines_whenLogged_thenEachLineIsAJsonObjectWithTheFormattedMessage() throws Exception {
        Path file = dir.resolve("gateway.jsonl");
        Logs.apply(new LogSettings(LogLevel.INFO, file, 1024 * 1024, 2, true), false);

        LOG.info("reading {} of {}", 1, "sub01");
        LOG.warn("lost \"quotes\" and\nnewlines");

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo("io.alink.dist.test");
        assertThat(first.path("formattedMessage").asText()).isEqualTo("reading 1 of sub01");
        assertThat(first.path("timestamp").asLong()).isPositive();
        assertThat(JSON.readTree(lines.get(1)).path("formattedMessage").asText())
                .isEqualTo("lost \"quotes\" and\nnewlines");
    }

    @Test
    void givenALevelOnTheCommandLine_whenTheFileGivesAnother_thenTheCommandLineWins() {
        Logs.setLevel(LogLevel.WARN);

        Logs.apply(new LogSettings(LogLevel.DEBUG, null, 1024, 1, false), true);

        assertThat(LOG.isInfoEnabled()).isFalse();
        Logs.apply(new LogSettings(LogLevel.DEBUG, null, 1024, 1, false), false);
        assertThat(LOG.isDebugEnabled()).isTrue();
    }

    @Test
    void givenTheSameFileAppliedTwice_whenLogged_thenTheSecondAppliesAndLinesAreNotDoubled() throws Exception {
        Path file = dir.resolve("gateway.log");
        LogSettings settings = new LogSettings(LogLevel.INFO, file, 1024 * 1024, 2, false);
        Logs.apply(settings, false);

        Logs.apply(settings, false);
        LOG.info("once");

        assertThat(Files.readAllLines(file)).singleElement().asString().endsWith("once");
    }

    @Test
    void givenAFileWhoseFolderCannotBeMade_whenApplied_thenRefusedNamingTheFile() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Path file = notAFolder.resolve("gateway.log");

        assertThatThrownBy(() -> Logs.apply(new LogSettings(null, file, 1024, 1, false), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot write the log file " + file + ": its folder must be writable");
    }

    private void logLines(int count) {
        for (int i = 0; i < count; i++) {
            LOG.info("line {} of the lines that fill the file", lines.incrementAndGet());
        }
    }
}
