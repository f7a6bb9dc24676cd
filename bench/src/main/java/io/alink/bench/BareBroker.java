package io.alink.bench;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.client.parameter.ListenerType;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.admin.AdminService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The emulator's baseline: the same HiveMQ CE, embedded the same way, with nothing of the platform (no signature
 * check, no permissions, no message log; a counter of received publishes is its only addition). HiveMQ refuses every client while no security extension is present, so
 * this one lets everyone in. Like the emulator's broker, one per JVM at a time.
 */
final class BareBroker implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 60;

    private final EmbeddedHiveMQ hivemq;
    private final Path home;
    private final int port;
    private final LongAdder received;

    private BareBroker(EmbeddedHiveMQ hivemq, Path home, int port, LongAdder received) {
        this.hivemq = hivemq;
        this.home = home;
        this.port = port;
        this.received = received;
    }

    static BareBroker start() {
        Path home = TempFolder.create("alink-bench-broker-");
        try {
            Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("extensions"));
            Files.writeString(home.resolve("conf").resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>
                        <tcp-listener>
                          <port>0</port>
                          <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                      </listeners>
                      <persistence>
                        <mode>in-memory</mode>
                      </persistence>
                      <anonymous-usage-statistics>
                        <enabled>false</enabled>
                      </anonymous-usage-statistics>
                    </hivemq>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's folders", e);
        }
        AllowAll extension = new AllowAll();
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withEmbeddedExtension(EmbeddedExtension.builder().withId("alink-bench-allow-all")
                        .withName("Allow all").withVersion("1").withAuthor("alink").withExtensionMain(extension)
                        .build())
                .withoutLoggingBootstrap()
                .build();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new BareBroker(hivemq, home, extension.port(), extension.received);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            stop(hivemq);
            TempFolder.delete(home);
            throw new IllegalStateException("HiveMQ did not start: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            // HiveMQ installs a JVM-wide handler that exits the JVM on its fatal errors; this JVM is not HiveMQ's
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    int port() {
        return port;
    }

    /** PUBLISH packets the broker received from clients since it started, as the emulator's message log counts. */
    long publishesReceived() {
        return received.sum();
    }

    @Override
    public void close() {
        stop(hivemq);
        TempFolder.delete(home);
    }

    private static void stop(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (ExecutionException e) {
            throw new IllegalStateException("HiveMQ did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class AllowAll implements ExtensionMain {
        /** Captured at start: {@link Services} is JVM-wide, and the next broker in this JVM replaces it. */
        private volatile AdminService admin;
        private final LongAdder received = new LongAdder();

        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(
                    providerInput -> (SimpleAuthenticator) (in, out) -> out.authenticateSuccessfully());
            // counting where messages arrive, as the emulator's message log does: a subscriber of QoS 0 messages
            // would count what the broker chose not to drop
            PublishInboundInterceptor count = (in, out) -> received.increment();
            Services.initializerRegistry().setClientInitializer((in, client) -> client
                    .addPublishInboundInterceptor(count));
            admin = Services.adminService();
        }

        /** The port HiveMQ bound for the configured port 0, known once it has started. */
        int port() {
            return admin.getServerInformation().getListener().stream()
                    .filter(listener -> listener.getListenerType() == ListenerType.TCP_LISTENER)
                    .mapToInt(Listener::getPort).filter(bound -> bound > 0).findFirst()
                    .orElseThrow(() -> new IllegalStateException("HiveMQ opened no TCP listener"));
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            // HiveMQ drops the registration itself
        }
    }
}
