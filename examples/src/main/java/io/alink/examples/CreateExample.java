package io.alink.examples;

import io.alink.gateway.Gateway;

/** gateway - 初始化. Prints {@code create gateway succeed!}. */
public final class CreateExample {

    private CreateExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        // unlike the seed's constructor, new never yields None, so there is no "create gateway error" branch
        System.out.println(aliyunIoTGateway != null ? "create gateway succeed!" : "create gateway error");
    }
}
