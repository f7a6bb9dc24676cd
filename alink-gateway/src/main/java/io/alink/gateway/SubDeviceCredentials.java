package io.alink.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SignMethod;
import io.alink.protocol.SubDeviceEntries;

/**
 * A sub-device with its deviceSecret: what topology add and login sign with, and what sub-device registration
 * returns. {@link #toString()} hides the secret.
 *
 * @param device       the sub-device
 * @param deviceSecret its secret
 * @param iotId        the platform's id of the device, set by sub-device registration; null otherwise
 */
public record SubDeviceCredentials(DeviceId device, String deviceSecret, String iotId) {

    /** The sign method as LinkSDK 4 names it in topo/add and login requests (the platform accepts any case). */
    static final String SIGN_METHOD = "hmacSha256";

    /**
     * @param device       the sub-device
     * @param deviceSecret its secret
     * @param iotId        the platform's id of the device, set by sub-device registration; null otherwise
     * @throws InvalidRequestException when the device or the secret is missing
     */
    public SubDeviceCredentials {
        if (device == null) {
            throw new InvalidRequestException("device is missing");
        }
        if (deviceSecret == null || deviceSecret.isEmpty()) {
            throw new InvalidRequestException("deviceSecret of " + device + " is missing");
        }
    }

    /**
     * The credentials of a sub-device given by its names.
     *
     * @param productKey   the sub-device's product
     * @param deviceName   its name within the product
     * @param deviceSecret its secret
     * @return the credentials, without an iotId
     * @throws InvalidRequestException when a field is missing, empty, or cannot be placed in a topic
     */
    public static SubDeviceCredentials of(String productKey, String deviceName, String deviceSecret) {
        return new SubDeviceCredentials(Validation.deviceId(productKey, deviceName), deviceSecret, null);
    }

    /** The entry of a topo/add or login request, signed now with {@link #SIGN_METHOD}. */
    ObjectNode signedEntry() {
        String clientId = device.productKey() + "." + device.deviceName();
        return SubDeviceEntries.signed(SignMethod.HMAC_SHA256, device, deviceSecret, clientId,
                Long.toString(System.currentTimeMillis()));
    }

    @Override
    public String toString() {
        return "SubDeviceCredentials[device=" + device + ", deviceSecret=***, iotId=" + iotId + "]";
    }
}
