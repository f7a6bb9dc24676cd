package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubDevicesTest {

    private static final DeviceId SUB = DeviceId.of("a1SubPk001", "sub04");

    private final SubDevices devices = new SubDevices(List.of(new GatewayFile.Device(SUB, null, "SubProductSecret01")));

    @Test
    void givenARegistrationRefusedAsAlreadyActivated_whenTheRefusalIsShown_thenItSaysWhereTheIssuedSecretWasKept() {
        devices.refused(SUB, ReplyCode.DEVICE_ALREADY_ACTIVATED, "device already activated");

        assertThat(devices.refusal(SUB)).hasValue("code 6289: device already activated: the platform issues a secret"
                + " only once, and the secret issued then is in the store folder; was it deleted?");
        assertThat(devices.unregistered()).as("not registered again until the daemon restarts").isEmpty();
    }

    @Test
    void givenARefusalWithoutAHint_whenTheRefusalIsShown_thenItIsTheCodeAndThePlatformsMessage() {
        devices.refused(SUB, ReplyCode.SERVER_ERROR, "server error");

        assertThat(devices.refusal(SUB)).hasValue("code 500: server error");
    }
}
