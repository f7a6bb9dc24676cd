package io.alink.examples;

import io.alink.gateway.Gateway;
import java.util.concurrent.atomic.AtomicBoolean;

/** removeTopo - 删除子设备, appended to {@link LogoutExample}. Prints {@code topo remove succeed}. */
public final class RemoveTopoExample {

    private RemoveTopoExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        steps(aliyunIoTGateway);
        aliyunIoTGateway.end();
    }

    static void steps(Gateway aliyunIoTGateway) {
        LogoutExample.steps(aliyunIoTGateway);

        AtomicBoolean removetopoFlag = new AtomicBoolean();
        aliyunIoTGateway.on(Gateway.ON_TOPOREMOVE, data -> removetopoFlag.set(true));
        aliyunIoTGateway.removeTopo(ExampleSupport.subdevInfo());
        ExampleSupport.waitUntil(removetopoFlag::get, "sleep for on_topo_remove 1 s");
        System.out.println("topo remove succeed");
    }
}
