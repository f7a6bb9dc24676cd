package io.alink.examples;

import io.alink.gateway.Gateway;
import java.util.concurrent.atomic.AtomicBoolean;

/** registerSubDevice - 子设备动态注册, appended to {@link LoginExample}. Prints {@code subdevice register succeed}. */
public final class RegisterSubDeviceExample {

    private RegisterSubDeviceExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        steps(aliyunIoTGateway);
        aliyunIoTGateway.end();
    }

    static void steps(Gateway aliyunIoTGateway) {
        LoginExample.steps(aliyunIoTGateway);

        AtomicBoolean subregisterFlag = new AtomicBoolean();
        aliyunIoTGateway.on(Gateway.ON_SUBREGISTER, data -> subregisterFlag.set(true));
        aliyunIoTGateway.registerSubDevice(ExampleSupport.subdevRegisterInfo());
        ExampleSupport.waitUntil(subregisterFlag::get, "sleep for on_subregister 1 s");
        System.out.println("subdevice register succeed");
    }
}
