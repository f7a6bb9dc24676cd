package io.alink.gateway;

/** How a gateway configured with only a productSecret obtains its deviceSecret (one-type-one-secret). */
public enum RegistrationMode {
    /** {@code POST /auth/register/device} on the platform's auth host. */
    HTTPS,
    /** An MQTT CONNECT with {@code authType=register}; the secret arrives on {@code /ext/register}. */
    MQTT
}
