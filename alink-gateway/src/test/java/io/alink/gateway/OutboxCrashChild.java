package io.alink.gateway;

import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.DeviceId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway process {@link OutboxCrashTest} kills: connects, logs its sub-device in, says {@value #READY}; on a
 * line from stdin enqueues N property posts for the gateway and N for the sub-device, says {@value #JOURNALED} once
 * all are accepted, and waits to be killed.
 *
 * <p>Arguments: port storeDir gwPk gwDn gwSecret subPk subDn subSecret count.
 */
final class OutboxCrashChild {

    static final String READY = "CHILD READY";
    static final String JOURNALED = "CHILD JOURNALED";

    private OutboxCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        GatewayClient client = GatewayClient.create(GatewayConfig.builder()
                .productKey(args[2]).deviceName(args[3]).deviceSecret(args[4])
                .endpoint("127.0.0.1", Integer.parseInt(args[0]), false)
                .storeDir(Path.of(args[1]))
                .outbox(OutboxLimits.DEFAULT)
                .requestTimeout(Duration.ofSeconds(30))
                .build());
        DeviceId gateway = client.gatewayId();
        SubDeviceCredentials sub = new SubDeviceCredentials(DeviceId.of(args[5], args[6]), args[7], null);
        int count = Integer.parseInt(args[8]);
        client.connect().join();
        client.login(List.of(sub)).join();
        System.out.println(READY);
        System.out.flush();

        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        List<CompletableFuture<Long>> accepted = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            accepted.add(client.enqueueProperties(gateway, Map.of("n", n)));
            accepted.add(client.enqueueProperties(sub.device(), Map.of("n", n)));
        }
        CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).join();
        System.out.println(JOURNALED);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
