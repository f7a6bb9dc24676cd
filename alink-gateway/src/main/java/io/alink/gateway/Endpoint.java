package io.alink.gateway;

/** Where the MQTT connection goes: host, port, and whether it is TLS (plain TCP only when explicitly false). */
public record Endpoint(String host, int port, boolean tls) {

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
     */
    public static Endpoint platform(String productKey, String region) {
        return new Endpoint(productKey + ".iot-as-mqtt." + region + ".aliyuncs.com", 443, true);
    }
}
