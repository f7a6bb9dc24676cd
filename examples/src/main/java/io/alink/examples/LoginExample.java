package io.alink.examples;

import io.alink.gateway.Gateway;
import java.util.concurrent.atomic.AtomicBoolean;

/** login - 子设备登陆, appended to {@link GetTopoExample}. Prints {@code login out succeed} (sic). */
public final class LoginExample {

    private LoginExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        steps(aliyunIoTGateway);
        aliyunIoTGateway.end();
    }

    static void steps(Gateway aliyunIoTGateway) {
        GetTopoExample.steps(aliyunIoTGateway);

        AtomicBoolean loginFlag = new AtomicBoolean();
        aliyunIoTGateway.on(Gateway.ON_LOGIN, data -> loginFlag.set(true));
        aliyunIoTGateway.login(ExampleSupport.subdevInfo());
        ExampleSupport.waitUntil(loginFlag::get, "sleep for on_login 1 s");
        System.out.println("login out succeed");
    }
}
