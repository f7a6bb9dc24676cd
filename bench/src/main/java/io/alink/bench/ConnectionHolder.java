package io.alink.bench;

import io.alink.protocol.DeviceId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

/**
 * Scenario 5's devices, in a JVM of their own ({@link HolderProcess}): connects devices {@code d0 ... d<count-1>} of
 * a product in waves and holds them, so that the broker's process holds only its own side of each connection (its
 * memory per connection is then the broker's alone, and each process needs one file per connection, not two).
 *
 * <p>Arguments: port, productKey, count, wave. Prints {@code HELD <connections> <seconds to open them> <CPU nanoseconds
 * this process used opening them>}, then holds them until its stdin closes, disconnects them and prints
 * {@code CLOSED}.
 */
public final class ConnectionHolder {

    static final String HELD = "HELD";
    static final String CLOSED = "CLOSED";

    private ConnectionHolder() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String productKey = args[1];
        int count = Integer.parseInt(args[2]);
        int wave = Integer.parseInt(args[3]);
        List<BareClient> connected = new ArrayList<>();
        long start = System.nanoTime();
        long cpuAtStart = CpuTime.now().process();
        for (int from = 0; from < count; from += wave) {
            List<CompletableFuture<BareClient>> attempts = IntStream.range(from, Math.min(count, from + wave))
                    .mapToObj(i -> BareClient.connect(port, DeviceId.of(productKey, "d" + i))).toList();
            int refused = 0;
            for (CompletableFuture<BareClient> attempt : attempts) {
                try {
                    connected.add(attempt.join());
                } catch (CompletionException e) {
                    if (refused++ == 0) {
                        System.err.println("connection refused or failed: " + e.getCause());
                    }
                }
            }
            if (refused > 0) {
                System.err.println(refused + " of " + attempts.size() + " connections failed; the ramp stops at "
                        + connected.size());
                break;
            }
        }
        double seconds = Runs.seconds(System.nanoTime() - start);
        long cpu = CpuTime.now().process() - cpuAtStart;
        Runs.pause(CapacityScenario.HOLD_MILLIS);
        long held = connected.stream().filter(BareClient::isConnected).count();
        System.out.println(HELD + " " + held + " " + String.format(Locale.ROOT, "%.3f", seconds) + " " + cpu);
        System.out.flush();
        try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (stdin.readLine() != null) {
                // held until the harness closes our stdin
            }
        }
        CompletableFuture.allOf(connected.stream().map(BareClient::disconnect).toArray(CompletableFuture[]::new))
                .join();
        System.out.println(CLOSED);
        System.exit(0);
    }
}
