package io.alink.gateway;

/**
 * Where the MQTT connection goes: host, port, and whether it is TLS (plain TCP only when explicitly false).
 *
 * @param host the host name or address
 * @param port 1 to 65535
 * @param tls  whether the connection is TLS
 */
public record Endpoint(String host, int port, boolean tls) {

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
}
