package io.alink.examples;

import io.alink.gateway.Gateway;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** getTopo - 获取子设备, appended to {@link AddTopoExample}. Prints {@code {'code': 0, 'message': '[...]'}}. */
public final class GetTopoExample {

    private GetTopoExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        steps(aliyunIoTGateway);

        System.out.println("sleep for 2s");
        aliyunIoTGateway.end();
    }

    static void steps(Gateway aliyunIoTGateway) {
        AddTopoExample.steps(aliyunIoTGateway);

        AtomicBoolean topogotFlag = new AtomicBoolean();
        aliyunIoTGateway.on(Gateway.ON_TOPOGET, data -> {
            topogotFlag.set(true);
            // the seed's dict has these two keys; the Java map adds typed extras
            Map<String, Object> seedKeys = new LinkedHashMap<>();
            seedKeys.put("code", data.get("code"));
            seedKeys.put("message", data.get("message"));
            System.out.println(ExampleSupport.dict(seedKeys));
        });
        aliyunIoTGateway.getTopo();
        ExampleSupport.waitUntil(topogotFlag::get, "sleep for on_topo_get 1 s");
    }
}
