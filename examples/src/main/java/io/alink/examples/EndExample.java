package io.alink.examples;

import io.alink.gateway.Gateway;

/** end - 结束, appended to {@link RemoveTopoExample}. Prints {@code getway end succeed} (sic). */
public final class EndExample {

    private EndExample() {
    }

    public static void main(String[] args) {
        Gateway aliyunIoTGateway = ExampleSupport.newGateway(ExampleSupport.DEVICE_NAME);
        RemoveTopoExample.steps(aliyunIoTGateway);

        int ret = aliyunIoTGateway.end();
        System.out.println(ret == 0 ? "getway end succeed" : "getway end failed");
    }
}
