package io.alink.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the outbox leaves on disk: owner-only modes, and what it does with a journal an older version wrote. */
class OutboxFilesTest {

    private static final DeviceId DEVICE = DeviceId.of("a1SubPk001", "sub01");
    private static final String TOPIC = "/sys/a1SubPk001/sub01/thing/event/property/post";

    @TempDir
    Path temp;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void givenNoFolder_whenTheOutboxWrites_thenTheFolderIsOwnerOnlyAndSoAreTheDatabaseItsWalAndShm() throws Exception {
        Path folder = temp.resolve("store");

        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            outbox.append(DEVICE, TOPIC, new byte[10]).join();

            Path db = folder.resolve("outbox.db");
            Path wal = folder.resolve("outbox.db-wal");
            Path shm = folder.resolve("outbox.db-shm");
            assertThat(wal).as("SQLite created its WAL while open").exists();
            assertThat(shm).exists();
            assertThat(mode(folder)).isEqualTo("rwx------");
            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(mode(wal)).isEqualTo("rw-------");
            assertThat(mode(shm)).isEqualTo("rw-------");
        }
    }

    @Test
    void givenAWorldWritableFolderWithReadableFiles_whenTheOutboxOpens_thenAllAreTightened() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("store"));
        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            outbox.append(DEVICE, TOPIC, new byte[10]).join();
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        for (String name : new String[] {"outbox.db", "outbox.db-wal", "outbox.db-shm"}) {
            Path file = folder.resolve(name);
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        }

        try (Outbox reopened = new Outbox(folder, OutboxLimits.DEFAULT)) {
            assertThat(reopened.queuedMessages()).isEqualTo(1);
            assertThat(mode(folder)).isEqualTo("rwx------");
            for (String name : new String[] {"outbox.db", "outbox.db-wal", "outbox.db-shm"}) {
                assertThat(mode(folder.resolve(name))).as(name).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void givenAJournalOfAnOlderVersion_whenOpened_thenWhatCanNeverBeSentIsSetAsideAndTheRestStaysQueued()
            throws Exception {
        Path folder = Files.createDirectories(temp.resolve("store"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("outbox.db"));
             Statement s = db.createStatement()) {
            // the schema before dead letters: no attempts column
            s.execute("CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, device TEXT NOT NULL,"
                    + " topic TEXT NOT NULL, payload BLOB NOT NULL, created INTEGER NOT NULL, size INTEGER NOT NULL)");
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO outbox (device, topic, payload, created, size) VALUES (?, ?, x'7b7d', ?, 0)")) {
                insertRow(insert, "a1SubPk001/sub01", TOPIC);
                insertRow(insert, "a1SubPk001/sub01", "/sys/a1SubPk001/sub01/thing/event/a\nb/post");
                insertRow(insert, "no device key", TOPIC);
                insertRow(insert, "a1SubPk001/sub01", TOPIC);
            }
        }

        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            assertThat(outbox.pending(0, 10)).extracting(OutboxMessage::seq).containsExactly(1L, 4L);
            assertThat(outbox.deadLetters(0, 10)).singleElement().satisfies(dead -> {
                assertThat(dead.seq()).isEqualTo(2);
                assertThat(dead.reason())
                        .isEqualTo("its topic cannot be sent: level 6 has the control character U+000A at position 2");
            });
            assertThat(outbox.droppedMessages()).as("the row without a readable device").isEqualTo(1);
            assertThat(outbox.recordFailedAttempt(1, "lost").join()).as("attempts are counted on old rows").isFalse();
        }
    }

    private static void insertRow(PreparedStatement insert, String device, String topic) throws Exception {
        insert.setString(1, device);
        insert.setString(2, topic);
        insert.setLong(3, System.currentTimeMillis());
        insert.executeUpdate();
    }
}
