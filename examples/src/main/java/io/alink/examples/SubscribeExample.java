package io.alink.examples;

import io.alink.gateway.Gateway;

/** subscribe - 订阅, appended to {@link RegisterSubDeviceExample}. Prints {@code topic subscribe succeed}. */
public final class SubscribeExample {

    private SubscribeExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        steps(aliyunIoTGateway);
        aliyunIoTGateway.end();
    }

    static void steps(Gateway aliyunIoTGateway) {
        RegisterSubDeviceExample.steps(aliyunIoTGateway);

        int ret = aliyunIoTGateway.subscribe(ExampleSupport.topicTestInfo());
        System.out.println(ret == 0 ? "topic subscribe succeed" : "topic subscribe failed");
    }
}
