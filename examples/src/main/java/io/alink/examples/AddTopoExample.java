package io.alink.examples;

import io.alink.gateway.Gateway;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * addTopo - 添加子设备. Prints {@code 物联网连接成功} and {@code enter on_topo_add}. Each later example of the seed is
 * "appended to the previous one": its {@code steps} run this one's first.
 */
public final class AddTopoExample {

    private AddTopoExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        steps(aliyunIoTGateway);

        System.out.println("sleep for 2s");
        aliyunIoTGateway.end();
        ExampleSupport.sleepSeconds(2);
    }

    static void steps(Gateway aliyunIoTGateway) {
        AtomicBoolean iotConnected = new AtomicBoolean();
        aliyunIoTGateway.on(Gateway.ON_CONNECT, data -> {
            iotConnected.set(true);
            System.out.println("物联网连接成功");
        });
        aliyunIoTGateway.connect(ExampleSupport.keyInfo());
        ExampleSupport.waitUntil(iotConnected::get, "sleep for iot_connected 1 s");

        AtomicBoolean addtopoFlag = new AtomicBoolean();
        aliyunIoTGateway.on(Gateway.ON_TOPOADD, data -> {
            System.out.println("enter on_topo_add");
            addtopoFlag.set(true);
        });
        aliyunIoTGateway.addTopo(ExampleSupport.subdevInfo());
        ExampleSupport.waitUntil(addtopoFlag::get, "sleep for on_topo_add 1 s");
    }
}
