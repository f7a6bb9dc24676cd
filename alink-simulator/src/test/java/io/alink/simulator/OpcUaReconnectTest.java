package io.alink.simulator;

import static io.alink.simulator.OpcUaFieldDevices.CELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.daemon.connector.Connector;
import io.alink.daemon.connector.FieldStatus;
import io.alink.daemon.connector.opcua.OpcUaSecurity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An OPC UA connector whose server goes away and comes back: the session, and the subscription, come back once. */
class OpcUaReconnectTest {

    private final RecordingUplink uplink = new RecordingUplink();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private OpcUaSimulator simulator;
    private Connector connector;

    @AfterEach
    void stop() {
        connector.close();
        simulator.close();
    }

    @Test
    void givenTheServerRestartsOnTheSamePort_whenItIsBack_thenTheSubscriptionIsMadeAnewWithoutDuplicates() {
        simulator = OpcUaFieldDevices.simulator(0);
        int port = simulator.port();
        connector = OpcUaFieldDevices.connector(simulator.endpoint(), OpcUaSecurity.NONE)
                .create(uplink, registry, null);
        connector.start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> simulator.monitoredItems()
                == OpcUaFieldDevices.MONITORED_ITEMS);

        simulator.close();

        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.links().contains("down " + CELL));
        // a check in flight when the server went may time out before one finds no link: wait for that one
        FieldStatus down = await().atMost(30, TimeUnit.SECONDS).until(() -> connector.status(CELL),
                status -> String.valueOf(status.lastError()).startsWith("no link"));
        assertThat(down.link()).isEqualTo(FieldStatus.Link.DOWN);
        assertThat(down.lastError()).startsWith("no link");
        assertThat(registry.get("alink.connector.faults").tag("kind", "link").counter().count())
                .isGreaterThanOrEqualTo(OpcUaFieldDevices.MAX_FAILED_CHECKS);

        simulator = OpcUaFieldDevices.simulator(port);
        long restarted = System.currentTimeMillis();
        simulator.fireEvent("after the restart", 100);

        await().atMost(60, TimeUnit.SECONDS).until(() -> uplink.links().contains("up " + CELL));
        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.reports(CELL).stream()
                .anyMatch(report -> report.readAtMillis() > restarted && report.properties().containsKey("Count")));
        simulator.fireEvent("after the restart", 100);
        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.events(CELL).stream()
                .anyMatch(event -> "after the restart".equals(event.params().get("Message"))));
        assertThat(connector.status(CELL).link()).isEqualTo(FieldStatus.Link.UP);
        assertThat(simulator.monitoredItems()).isEqualTo(OpcUaFieldDevices.MONITORED_ITEMS);
    }
}
