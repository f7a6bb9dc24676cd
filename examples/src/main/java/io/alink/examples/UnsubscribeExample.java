package io.alink.examples;

import io.alink.gateway.Gateway;

/** unsubscribe - 取消订阅, appended to {@link PublishExample}. Prints {@code topic unsubscribe succeed}. */
public final class UnsubscribeExample {

    private UnsubscribeExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        steps(aliyunIoTGateway);
        aliyunIoTGateway.end();
    }

    static void steps(Gateway aliyunIoTGateway) {
        PublishExample.steps(aliyunIoTGateway);

        int ret = aliyunIoTGateway.unsubscribe(ExampleSupport.topicTestInfo());
        System.out.println(ret == 0 ? "topic unsubscribe succeed" : "topic unsubscribe failed");
    }
}
