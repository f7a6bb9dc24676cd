package io.alink.examples;

import io.alink.gateway.Gateway;
import java.util.concurrent.atomic.AtomicBoolean;

/** getNtpTime - 获取网络时间. Prints {@code timestamp: <ms>}. */
public final class GetNtpTimeExample {

    private GetNtpTimeExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        // the seed asks for the time right after connect(); here the connection is awaited first
        ExampleSupport.connect(aliyunIoTGateway);

        AtomicBoolean ntptimeGot = new AtomicBoolean();
        aliyunIoTGateway.getNtpTime(data -> {
            System.out.println("timestamp: " + data.get("timestamp"));
            ntptimeGot.set(true);
        });

        ExampleSupport.waitUntil(ntptimeGot::get, "sleep for 1 s");

        System.out.println("sleep for 2s");
        aliyunIoTGateway.end();
        ExampleSupport.sleepSeconds(2);
    }
}
