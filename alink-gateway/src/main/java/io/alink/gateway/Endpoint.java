package io.alink.gateway;

import java.util.regex.Pattern;

/**
 * Where the MQTT connection goes: host, port, and whether it is TLS (plain TCP only when explicitly false).
 *
 * @param host the host name or address
 * @param port 1 to 65535
 * @param tls  whether the connection is TLS
 */
public record Endpoint(String host, int port, boolean tls) {

    /** What the console shows as an instance id ({@code iot-06z00abc123}); a DNS label, so no dot. */
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /**
     * The MQTT port of an instance's host, over TLS, as the instance's page in the console gives it (the region hosts'
     * TLS port is 443).
     */
    public static final int INSTANCE_PORT = 1883;

    /**
     * @param host the host name or address
     * @param port 1 to 65535
     * @param tls  whether the connection is TLS
     * @throws InvalidRequestException for a blank host or a port out of range
     */
    public Endpoint {
        if (host == null || host.isBlank()) {
            throw new InvalidRequestException("endpoint host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidRequestException("endpoint port must be 1-65535, was " + port);
        }
    }

    /**
     * The platform's public endpoint for a product in a region. TLS on port 443: the port LinkSDK 4 and iotkit v3
     * use for a TLS connection with server-certificate verification.
     *
     * @param productKey the gateway's product
     * @param region     the platform's region, such as cn-shanghai
     * @return {@code <productKey>.iot-as-mqtt.<region>.aliyuncs.com:443} over TLS
     */
    public static Endpoint platform(String productKey, String region) {
        return new Endpoint(productKey + ".iot-as-mqtt." + region + ".aliyuncs.com", 443, true);
    }

    /**
     * The MQTT endpoint of a platform instance (Enterprise Edition, or a public instance of the new version): the
     * host new accounts get instead of the region's. The clientId, username and password are formed as for the
     * region's host.
     *
     * @param instanceId the instance's id, as in the console
     * @return {@code <instanceId>.mqtt.iothub.aliyuncs.com:}{@value #INSTANCE_PORT} over TLS
     * @throws InvalidRequestException for an id that cannot be a host name label
     */
    public static Endpoint instance(String instanceId) {
        if (!isInstanceId(instanceId)) {
            throw new InvalidRequestException("instanceId must be 1-64 letters, digits and '-'");
        }
        return new Endpoint(instanceId + ".mqtt.iothub.aliyuncs.com", INSTANCE_PORT, true);
    }

    static boolean isInstanceId(String instanceId) {
        return instanceId != null && INSTANCE_ID.matcher(instanceId).matches();
    }
}
