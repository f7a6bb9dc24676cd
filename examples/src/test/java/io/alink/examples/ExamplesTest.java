package io.alink.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.emulator.testing.EmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example, in the seed document's order, against an emulator with the demo products: each prints what the
 * seed's example prints. The seed's "sleep for ... 1 s" lines depend on timing and are not compared.
 */
class ExamplesTest {

    /** Thread names of the gateway library, its MQTT client (and Netty under it) and RxJava's schedulers. */
    private static final Pattern CLIENT_THREADS = Pattern.compile("alink-|com\\.hivemq\\.client|Rx");

    @TempDir
    static Path store;

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.demo();

    @BeforeAll
    static void pointTheExamplesAtTheEmulator() {
        System.setProperty("alink.port", Integer.toString(emulator.mqttPort()));
        System.setProperty("alink.store", store.toString());
        System.setProperty("alink.examples.secondMillis", "50");
    }

    @AfterAll
    static void forgetTheEmulator() {
        Stream.of("alink.port", "alink.store", "alink.examples.secondMillis").forEach(System::clearProperty);
    }

    static Stream<Arguments> examples() {
        String topo = "\\{'code': 0, 'message': '\\[\\{\"productKey\":\"a1SubPk001\",\"deviceName\":\"sub01\"},"
                + "\\{\"productKey\":\"a1SubPk001\",\"deviceName\":\"sub02\"}]'}";
        List<String> addTopo = List.of("物联网连接成功", "enter on_topo_add");
        List<String> login = concat(addTopo, List.of(topo, "login out succeed"));
        List<String> publish = concat(login, List.of("subdevice register succeed", "topic subscribe succeed",
                "topic publsih succeed"));
        List<String> logout = concat(publish, List.of("topic unsubscribe succeed", "login out succeed"));
        return Stream.of(
                example("gateway", CreateExample::main, List.of("create gateway succeed!")),
                example("connect", ConnectExample::main, List.of("物联网平台连接成功", "sleep for 2s")),
                example("getNtpTime", GetNtpTimeExample::main, List.of("timestamp: \\d{13}", "sleep for 2s")),
                example("getGatewayInfo", GetGatewayInfoExample::main, List.of("get gatewayinfo succeed",
                        "\\{'productSecret': None, 'productKey': 'a1GwPk0001', 'deviceName': 'gw01', "
                                + "'deviceSecret': 'xxx'}")),
                example("getGatewayHandle", GetGatewayHandleExample::main, List.of("get gateway handle succeed")),
                example("addTopo", AddTopoExample::main, concat(addTopo, List.of("sleep for 2s"))),
                example("getTopo", GetTopoExample::main, concat(addTopo, List.of(topo, "sleep for 2s"))),
                example("login", LoginExample::main, login),
                example("registerSubDevice", RegisterSubDeviceExample::main,
                        concat(login, List.of("subdevice register succeed"))),
                example("subscribe", SubscribeExample::main,
                        concat(login, List.of("subdevice register succeed", "topic subscribe succeed"))),
                example("publish", PublishExample::main, publish),
                example("unsubscribe", UnsubscribeExample::main, concat(publish, List.of("topic unsubscribe succeed"))),
                example("logout", LogoutExample::main, logout),
                example("removeTopo", RemoveTopoExample::main, concat(logout, List.of("topo remove succeed"))),
                example("end", EndExample::main, concat(logout, List.of("topo remove succeed", "getway end succeed"))));
    }

    private static Arguments example(String name, Consumer<String[]> main, List<String> expected) {
        return Arguments.of(name, main, expected);
    }

    private static List<String> concat(List<String> first, List<String> then) {
        return Stream.concat(first.stream(), then.stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void givenTheEmulator_whenTheExampleRuns_thenItPrintsWhatTheSeedsExamplePrints(String name, Consumer<String[]> main,
                                                                                   List<String> expected) {
        List<String> printed = run(main).lines().filter(line -> !line.matches("sleep for .*1 s")).toList();

        assertThat(printed).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(printed.get(i)).matches(expected.get(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void givenAnExampleThatEnded_whenItsThreadsAreLookedAt_thenNoneRemainsThatWouldKeepAJvmAlive(
            String name, Consumer<String[]> main, List<String> expected) {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        run(main);

        // exec:java (the README's way to run an example) waits for every such thread before it returns; the
        // emulator's broker runs in this JVM too, so only the client's threads are looked at: the library's own,
        // the MQTT client's and RxJava's under it
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> !before.contains(thread) && thread.isAlive() && !thread.isDaemon())
                .extracting(Thread::getName)
                .filteredOn(thread -> CLIENT_THREADS.matcher(thread).lookingAt())
                .isEmpty());
    }

    private static String run(Consumer<String[]> main) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.accept(new String[0]);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
