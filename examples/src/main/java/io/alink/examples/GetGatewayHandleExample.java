package io.alink.examples;

import io.alink.gateway.Gateway;
import io.alink.gateway.GatewayClient;

/** getGatewayHandle - 获取网关句柄. Prints {@code get gateway handle succeed}. */
public final class GetGatewayHandleExample {

    private GetGatewayHandleExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        // the handle is the typed client of a connection, so there is one only once connected
        ExampleSupport.connect(aliyunIoTGateway);

        GatewayClient handle = aliyunIoTGateway.getGatewayHandle();

        if (handle != null) {
            System.out.println("get gateway handle succeed");
        } else {
            System.out.println("get device handle failed");
        }
        aliyunIoTGateway.end();
    }
}
