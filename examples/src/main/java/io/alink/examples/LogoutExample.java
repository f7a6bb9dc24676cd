package io.alink.examples;

import io.alink.gateway.Gateway;
import java.util.concurrent.atomic.AtomicBoolean;

/** logout - 子设备退出, appended to {@link UnsubscribeExample}. Prints {@code login out succeed} (sic). */
public final class LogoutExample {

    private LogoutExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        steps(aliyunIoTGateway);
        aliyunIoTGateway.end();
    }

    static void steps(Gateway aliyunIoTGateway) {
        UnsubscribeExample.steps(aliyunIoTGateway);

        AtomicBoolean logoutFlag = new AtomicBoolean();
        aliyunIoTGateway.on(Gateway.ON_LOGOUT, data -> logoutFlag.set(true));
        aliyunIoTGateway.logout(ExampleSupport.subdevInfo());
        ExampleSupport.waitUntil(logoutFlag::get, "sleep for on_logout 1 s");
        System.out.println("login out succeed");
    }
}
