package com.example.gateway;

import io.alink.gateway.Endpoint;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.GatewayConfig;
import io.alink.gateway.SubDeviceCredentials;
import java.util.List;

/** A program against the published library: it must compile with nothing but the README's POM. */
public final class MyGateway {

    private MyGateway() {
    }

    public static void main(String[] args) {
        GatewayConfig config = GatewayConfig.builder()
                .productKey("a1GwPk0001").deviceName("gw01").deviceSecret(args[0])
                .endpoint(new Endpoint("127.0.0.1", 1883, false))
                .build();
        try (GatewayClient client = GatewayClient.create(config)) {
            client.connect().join();
            List<SubDeviceCredentials> subs = List.of(SubDeviceCredentials.of("a1SubPk001", "sub01", args[1]));
            client.addTopo(subs).thenCompose(added -> client.login(subs)).join();
        }
    }
}
