package io.alink.examples;

import io.alink.gateway.Gateway;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * publish - 发布, appended to {@link SubscribeExample}: the message comes back through ON_SUBCRIBE. Prints
 * {@code topic publsih succeed} (sic).
 */
public final class PublishExample {

    private PublishExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        steps(aliyunIoTGateway);
        aliyunIoTGateway.end();
    }

    static void steps(Gateway aliyunIoTGateway) {
        SubscribeExample.steps(aliyunIoTGateway);

        AtomicBoolean subcribeCount = new AtomicBoolean();
        aliyunIoTGateway.on(Gateway.ON_SUBCRIBE, data -> subcribeCount.set(true));
        aliyunIoTGateway.publish(ExampleSupport.topicTestInfo());
        ExampleSupport.waitUntil(subcribeCount::get, "sleep for publsih_subcribe 1 s");
        System.out.println("topic publsih succeed");
    }
}
