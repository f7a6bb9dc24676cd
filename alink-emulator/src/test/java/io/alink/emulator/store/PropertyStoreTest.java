package io.alink.emulator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.Limits;
import io.alink.emulator.store.PropertyStore.Reported;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TimedValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property store on its own: the latest value of each property after live and history values, whether they
 * arrive in one transaction (where the writes are coalesced) or in several, and the text kept of each value.
 */
class PropertyStoreTest {

    private static final DeviceId DEVICE = DeviceId.of("a1SubPk001", "sub01");

    @TempDir
    Path dataDir;
    private PlatformStore store;

    @BeforeEach
    void open() {
        store = new PlatformStore(dataDir, Limits.PLATFORM.messageLogSize(), Limits.PLATFORM.messageLogBytes());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void givenLiveAndHistoryValuesInOneTransaction_whenCommitted_thenTheLatestIsWhatApplyingThemInOrderLeaves() {
        store.properties().record(List.of(live("HeldNewer", 1, 500), live("HeldOlder", 5, 300))).join();

        List<CompletableFuture<Void>> commits = new ArrayList<>();
        // the writer waits for the lock held here: what is queued meanwhile goes into one transaction
        synchronized (store) {
            commits.add(store.properties().record(List.of(live("Flag", 0, 1))));
            commits.add(store.properties().record(List.of(live("LiveThenOlderLive", 1, 100),
                    live("LiveThenOlderLive", 2, 50))));
            commits.add(store.properties().record(List.of(live("LiveThenHistory", 10, 100),
                    history("LiveThenHistory", 11, 50), history("LiveThenHistory", 12, 200))));
            commits.add(store.properties().record(List.of(history("HeldOlder", 6, 250),
                    history("HeldOlder", 7, 350))));
            commits.add(store.properties().record(List.of(history("HeldNewer", 2, 400),
                    history("HeldNewer", 3, 450))));
            commits.add(store.properties().record(List.of(history("HistoryOnly", 8, 70),
                    history("HistoryOnly", 9, 60), history("HistoryOnly", 4, 70))));
        }
        commits.forEach(CompletableFuture::join);

        assertThat(store.properties().latest(DEVICE)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Flag", timed(0, 1),
                "LiveThenOlderLive", timed(2, 50),
                "LiveThenHistory", timed(12, 200),
                "HeldOlder", timed(7, 350),
                "HeldNewer", timed(1, 500),
                "HistoryOnly", timed(8, 70)));
        assertThat(store.properties().values(DEVICE, "LiveThenHistory")).containsExactly(timed(11, 50),
                timed(10, 100), timed(12, 200));
        assertThat(store.properties().recordedCount()).isEqualTo(15);
    }

    @Test
    void givenValuesOfEveryJsonKind_whenRecorded_thenEachIsReadBackAsTheSameJson() {
        List<String> texts = List.of("0", "-7", "9223372036854775807", "21.5", "-0.0", "1.0E-7", "1.0E20",
                "12345678901234567890123", "3.14159265358979323846264338327950288", "true", "false", "null",
                "\"\"", "\"on\"", "\"a \\\"quoted\\\" \\\\ path\\n\\u0001 caf\u00e9 \u4e2d \ud83d\ude00\"",
                "{\"x\":1,\"y\":[true,\"b\"]}", "[]", "[1,2.5,\"three\"]");
        List<Reported> values = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            values.add(new Reported(DEVICE, identifier(i), new TimedValue(AlinkJson.parse(texts.get(i)), i), false));
        }

        store.properties().record(values).join();

        for (int i = 0; i < texts.size(); i++) {
            JsonNode sent = AlinkJson.parse(texts.get(i));
            assertThat(ValueText.of(sent)).as(texts.get(i))
                    .isEqualTo(new String(AlinkJson.toBytes(sent), StandardCharsets.UTF_8));
            assertThat(store.properties().latest(DEVICE).get(identifier(i))).as(texts.get(i)).isEqualTo(
                    new TimedValue(sent, i));
        }
    }

    @Test
    void givenMoreValuesQueuedThanTheBound_whenAMessageAsksToBeAcknowledged_thenItWaitsForTheWriterToCatchUp() {
        List<Reported> many = new ArrayList<>();
        for (int i = 0; i <= PropertyStore.MAX_QUEUED_VALUES; i++) {
            many.add(live("P" + (i % 200), i, i));
        }
        CompletableFuture<Void> withinBound;
        CompletableFuture<Void> overBound;
        CompletableFuture<Void> committed;
        // the writer waits for the lock held here: nothing queued meanwhile is committed
        synchronized (store) {
            withinBound = store.properties().backPressure();
            committed = store.properties().record(many);
            overBound = store.properties().backPressure();

            assertThat(withinBound).isDone();
            assertThat(overBound).isNotDone();
        }
        overBound.join();

        assertThat(committed).isDone();
        assertThat(store.properties().backPressure()).isDone();
    }

    @Test
    void givenADataFolderWithAValueRowPerValue_whenTheStoreOpens_thenItsValuesAndLatestValuesAreReadAsBefore()
            throws Exception {
        store.close();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("emulator.db"));
             Statement s = db.createStatement()) {
            s.execute("DROP TABLE property_record");
            s.execute("DROP TABLE property_latest_of_device");
            s.execute("CREATE TABLE property_value (seq INTEGER PRIMARY KEY AUTOINCREMENT, product_key TEXT NOT NULL,"
                    + " device_name TEXT NOT NULL, identifier TEXT NOT NULL, value TEXT NOT NULL,"
                    + " time INTEGER NOT NULL)");
            s.execute("CREATE TABLE property_latest (product_key TEXT NOT NULL, device_name TEXT NOT NULL,"
                    + " identifier TEXT NOT NULL, value TEXT NOT NULL, time INTEGER NOT NULL,"
                    + " PRIMARY KEY (product_key, device_name, identifier))");
            s.execute("INSERT INTO property_value (product_key, device_name, identifier, value, time) VALUES"
                    + " ('a1SubPk001', 'sub01', 'Temperature', '21.5', 100),"
                    + " ('a1SubPk001', 'sub01', 'Mode', '\"eco\"', 100),"
                    + " ('a1SubPk001', 'sub01', 'Temperature', '22', 90)");
            s.execute("INSERT INTO property_latest (product_key, device_name, identifier, value, time) VALUES"
                    + " ('a1SubPk001', 'sub01', 'Temperature', '21.5', 100),"
                    + " ('a1SubPk001', 'sub01', 'Mode', '\"eco\"', 100)");
        }

        store = new PlatformStore(dataDir, Limits.PLATFORM.messageLogSize(), Limits.PLATFORM.messageLogBytes());

        assertThat(store.properties().latest(DEVICE)).containsExactly(
                Map.entry("Mode", new TimedValue(AlinkJson.parse("\"eco\""), 100)),
                Map.entry("Temperature", new TimedValue(AlinkJson.parse("21.5"), 100)));
        assertThat(store.properties().values(DEVICE, "Temperature")).containsExactly(
                new TimedValue(AlinkJson.parse("22"), 90), new TimedValue(AlinkJson.parse("21.5"), 100));
        store.properties().record(List.of(history("Temperature", 23, 95))).join();
        assertThat(store.properties().latest(DEVICE).get("Temperature")).isEqualTo(
                new TimedValue(AlinkJson.parse("21.5"), 100));
    }

    /** Every other identifier has characters a JSON string escapes, or not ASCII: property/post does not check them. */
    private static String identifier(int i) {
        return i % 2 == 0 ? "P" + i : "P\"" + i + "\\\u00e9";
    }

    private static Reported live(String identifier, int value, long time) {
        return new Reported(DEVICE, identifier, timed(value, time), false);
    }

    private static Reported history(String identifier, int value, long time) {
        return new Reported(DEVICE, identifier, timed(value, time), true);
    }

    private static TimedValue timed(int value, long time) {
        return TimedValue.of(value, time);
    }
}
