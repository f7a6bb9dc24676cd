package io.alink.examples;

import io.alink.gateway.Gateway;
import java.util.Map;

/**
 * getGatewayInfo - 获取设备信息: what gw01's store holds (written when gw01 connected in another example).
 * Prints {@code get gatewayinfo succeed} and the stored dict, secrets replaced by {@code xxx}.
 */
public final class GetGatewayInfoExample {

    private GetGatewayInfoExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);

        Map<String, Object> gatewayinfo = aliyunIoTGateway.getGatewayInfo();

        if (gatewayinfo != null) {
            System.out.println("get gatewayinfo succeed");
            System.out.println(ExampleSupport.dict(gatewayinfo));
        } else {
            System.out.println("get gatewayinfo failed");
        }
    }
}
