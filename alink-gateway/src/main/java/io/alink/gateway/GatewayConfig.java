package io.alink.gateway;

import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.DeviceId;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Everything a {@link GatewayClient} starts from. Immutable; build with {@link #builder()}, every check happens in
 * {@link Builder#build()}. {@link #toString()} never shows a secret.
 *
 * <p>Without an explicit {@link Builder#endpoint endpoint} the client connects to the platform's public host for the
 * product and region over TLS, verifying the server certificate against the JDK trust store or the configured CA
 * file.
 */
public final class GatewayConfig {

    public static final String DEFAULT_REGION = "cn-shanghai";
    public static final int DEFAULT_KEEPALIVE_SECONDS = 60;
    public static final int MIN_KEEPALIVE_SECONDS = 30;
    public static final int MAX_KEEPALIVE_SECONDS = 1200;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The platform's limit on sub-device logins per second per gateway. */
    public static final int PLATFORM_LOGINS_PER_SECOND = 200;
    /** HaaS reports NTP time in UTC+8, the platform's home time zone. */
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneOffset.ofHours(8);
    /** LinkSDK 4 waits 2 s between attempts; starting at 1 s and doubling gets back as fast after a short blip. */
    public static final Duration DEFAULT_RECONNECT_MIN_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(60);
    /**
     * The longest wait between reconnection attempts: what the outbox held for less has waited no longer than one
     * reconnection and is still the devices' current state; older is back-fill from an outage.
     */
    public static final Duration DEFAULT_HISTORY_AFTER = DEFAULT_RECONNECT_MAX_DELAY;

    private final DeviceId gateway;
    private final String deviceSecret;
    private final String productSecret;
    private final String region;
    private final Endpoint endpoint;
    private final Path caFile;
    private final int keepAliveSeconds;
    private final Duration requestTimeout;
    private final Path storeDir;
    private final RegistrationMode registrationMode;
    private final URI registrationUri;
    private final int maxLoginsPerSecond;
    private final Executor callbackExecutor;
    private final ZoneId timeZone;
    private final Duration reconnectMinDelay;
    private final Duration reconnectMaxDelay;
    private final OutboxLimits outbox;
    private final Duration historyAfter;

    private GatewayConfig(Builder b, DeviceId gateway) {
        this.gateway = gateway;
        this.deviceSecret = b.deviceSecret;
        this.productSecret = b.productSecret;
        this.region = b.region;
        this.endpoint = b.endpoint != null ? b.endpoint : Endpoint.platform(gateway.productKey(), b.region);
        this.caFile = b.caFile;
        this.keepAliveSeconds = b.keepAliveSeconds;
        this.requestTimeout = b.requestTimeout;
        this.storeDir = b.storeDir != null ? b.storeDir : defaultStoreDir();
        this.registrationMode = b.registrationMode;
        this.registrationUri = b.registrationUri != null ? b.registrationUri
                : URI.create("https://iot-auth." + b.region + ".aliyuncs.com/auth/register/device");
        this.maxLoginsPerSecond = b.maxLoginsPerSecond;
        this.callbackExecutor = b.callbackExecutor;
        this.timeZone = b.timeZone;
        this.reconnectMinDelay = b.reconnectMinDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
        this.outbox = b.outbox;
        this.historyAfter = b.historyAfter;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code ~/.alink/gateway}: the device's own store, like the key-value store HaaS keeps on flash. */
    public static Path defaultStoreDir() {
        return Path.of(System.getProperty("user.home"), ".alink", "gateway");
    }

    public DeviceId gateway() {
        return gateway;
    }

    public String productKey() {
        return gateway.productKey();
    }

    public String deviceName() {
        return gateway.deviceName();
    }

    public Optional<String> deviceSecret() {
        return Optional.ofNullable(deviceSecret);
    }

    public Optional<String> productSecret() {
        return Optional.ofNullable(productSecret);
    }

    public String region() {
        return region;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Path storeDir() {
        return storeDir;
    }

    public RegistrationMode registrationMode() {
        return registrationMode;
    }

    /** Where HTTPS dynamic registration posts to. */
    public URI registrationUri() {
        return registrationUri;
    }

    public int maxLoginsPerSecond() {
        return maxLoginsPerSecond;
    }

    /** The executor for application callbacks; empty when the client uses (and owns) its own. */
    public Optional<Executor> callbackExecutor() {
        return Optional.ofNullable(callbackExecutor);
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    /** The shortest wait before a reconnection attempt. */
    public Duration reconnectMinDelay() {
        return reconnectMinDelay;
    }

    /** The longest wait between reconnection attempts. */
    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /** The delays of reconnection attempts, which also space the retries of sub-device logins. */
    Backoff reconnectBackoff() {
        return new Backoff(reconnectMinDelay, reconnectMaxDelay);
    }

    /** The bounds of the durable outbox in {@link #storeDir()}; empty when the client keeps no outbox. */
    public Optional<OutboxLimits> outbox() {
        return Optional.ofNullable(outbox);
    }

    /** How old a journaled property post or pack may be and still go as it is; older goes as history/post. */
    public Duration historyAfter() {
        return historyAfter;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.productKey = gateway.productKey();
        b.deviceName = gateway.deviceName();
        b.deviceSecret = deviceSecret;
        b.productSecret = productSecret;
        b.region = region;
        b.endpoint = endpoint;
        b.caFile = caFile;
        b.keepAliveSeconds = keepAliveSeconds;
        b.requestTimeout = requestTimeout;
        b.storeDir = storeDir;
        b.registrationMode = registrationMode;
        b.registrationUri = registrationUri;
        b.maxLoginsPerSecond = maxLoginsPerSecond;
        b.callbackExecutor = callbackExecutor;
        b.timeZone = timeZone;
        b.reconnectMinDelay = reconnectMinDelay;
        b.reconnectMaxDelay = reconnectMaxDelay;
        b.outbox = outbox;
        b.historyAfter = historyAfter;
        return b;
    }

    @Override
    public String toString() {
        return "GatewayConfig[gateway=" + gateway + ", deviceSecret=" + (deviceSecret == null ? "none" : "***")
                + ", productSecret=" + (productSecret == null ? "none" : "***") + ", endpoint=" + endpoint
                + ", keepAliveSeconds=" + keepAliveSeconds + ", requestTimeout=" + requestTimeout + ", storeDir="
                + storeDir + ", registrationMode=" + registrationMode + ", registrationUri=" + registrationUri
                + ", reconnectDelay=" + reconnectMinDelay + ".." + reconnectMaxDelay + ", outbox=" + outbox
                + ", historyAfter=" + historyAfter + "]";
    }

    public static final class Builder {
        private String productKey;
        private String deviceName;
        private String deviceSecret;
        private String productSecret;
        private String region = DEFAULT_REGION;
        private Endpoint endpoint;
        private Path caFile;
        private int keepAliveSeconds = DEFAULT_KEEPALIVE_SECONDS;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Path storeDir;
        private RegistrationMode registrationMode = RegistrationMode.HTTPS;
        private URI registrationUri;
        private int maxLoginsPerSecond = PLATFORM_LOGINS_PER_SECOND;
        private Executor callbackExecutor;
        private ZoneId timeZone = DEFAULT_TIME_ZONE;
        private Duration reconnectMinDelay = DEFAULT_RECONNECT_MIN_DELAY;
        private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
        private OutboxLimits outbox;
        private Duration historyAfter = DEFAULT_HISTORY_AFTER;

        private Builder() {
        }

        public Builder productKey(String productKey) {
            this.productKey = productKey;
            return this;
        }

        public Builder deviceName(String deviceName) {
            this.deviceName = deviceName;
            return this;
        }

        /** The gateway's own secret (one-device-one-secret). */
        public Builder deviceSecret(String deviceSecret) {
            this.deviceSecret = deviceSecret;
            return this;
        }

        /** The product's secret: without a deviceSecret, {@code connect()} registers the gateway first. */
        public Builder productSecret(String productSecret) {
            this.productSecret = productSecret;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** An explicit MQTT endpoint instead of the platform's host for the region. */
        public Builder endpoint(String host, int port, boolean tls) {
            this.endpoint = new Endpoint(host, port, tls);
            return this;
        }

        /** PEM or DER certificates to trust instead of the JDK trust store (TLS endpoints and HTTPS registration). */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        public Builder keepAliveSeconds(int keepAliveSeconds) {
            this.keepAliveSeconds = keepAliveSeconds;
            return this;
        }

        /** How long any request waits for its reply (and a CONNECT for its CONNACK). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** The folder where the gateway's identity, secrets issued by dynamic registration and the outbox are kept. */
        public Builder storeDir(Path storeDir) {
            this.storeDir = storeDir;
            return this;
        }

        public Builder registrationMode(RegistrationMode registrationMode) {
            this.registrationMode = registrationMode;
            return this;
        }

        /** Overrides {@code https://iot-auth.{region}.aliyuncs.com/auth/register/device}, e.g. an emulator's. */
        public Builder registrationUri(URI registrationUri) {
            this.registrationUri = registrationUri;
            return this;
        }

        /** Pace of sub-device logins; the platform's limit is {@value #PLATFORM_LOGINS_PER_SECOND}. */
        public Builder maxLoginsPerSecond(int maxLoginsPerSecond) {
            this.maxLoginsPerSecond = maxLoginsPerSecond;
            return this;
        }

        /** Runs application callbacks; it must not run tasks on the caller's thread. Default: the client's own pool. */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = callbackExecutor;
            return this;
        }

        public Builder timeZone(ZoneId timeZone) {
            this.timeZone = timeZone;
            return this;
        }

        /**
         * Keeps a durable outbox ({@code outbox.db} in the {@link #storeDir store folder}) within {@code limits}, for
         * {@link GatewayClient#enqueue}. Off unless set (null turns it off again): an outbox is a file on disk that
         * only a program that enqueues needs. {@link OutboxLimits#DEFAULT} fits a small gateway. One client per store
         * folder: two clients draining one outbox would send every message twice.
         */
        public Builder outbox(OutboxLimits limits) {
            this.outbox = limits;
            return this;
        }

        /**
         * How old a property post or pack journaled in the outbox may be when it is sent and still go as it is:
         * older goes as history/post, each value with the time it was read (or journaled). Default
         * {@link #DEFAULT_HISTORY_AFTER}.
         */
        public Builder historyAfter(Duration age) {
            this.historyAfter = age;
            return this;
        }

        /**
         * Bounds of the wait between reconnection attempts: random, starting between {@code min} and twice that,
         * the ceiling doubling with every failed attempt up to {@code max}. Defaults: 1 s and 60 s.
         */
        public Builder reconnectDelay(Duration min, Duration max) {
            this.reconnectMinDelay = min;
            this.reconnectMaxDelay = max;
            return this;
        }

        /** @throws InvalidRequestException naming the first field that is missing or out of range */
        public GatewayConfig build() {
            DeviceId gateway = Validation.deviceId(productKey, deviceName);
            if (isEmpty(deviceSecret) && isEmpty(productSecret)) {
                throw new InvalidRequestException("deviceSecret or productSecret is required");
            }
            if (deviceSecret != null && deviceSecret.isEmpty() || productSecret != null && productSecret.isEmpty()) {
                throw new InvalidRequestException("a configured secret must not be empty");
            }
            if (region == null || !region.matches("[a-z0-9-]+")) {
                throw new InvalidRequestException("region must be like cn-shanghai, was " + region);
            }
            if (keepAliveSeconds < MIN_KEEPALIVE_SECONDS || keepAliveSeconds > MAX_KEEPALIVE_SECONDS) {
                throw new InvalidRequestException("keepAliveSeconds must be " + MIN_KEEPALIVE_SECONDS + "-"
                        + MAX_KEEPALIVE_SECONDS + ", was " + keepAliveSeconds);
            }
            if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new InvalidRequestException("requestTimeout must be positive");
            }
            if (caFile != null && !Files.isReadable(caFile)) {
                throw new InvalidRequestException("caFile is not readable: " + caFile);
            }
            if (maxLoginsPerSecond < 1) {
                throw new InvalidRequestException("maxLoginsPerSecond must be positive, was " + maxLoginsPerSecond);
            }
            if (reconnectMinDelay == null || reconnectMaxDelay == null || reconnectMinDelay.toMillis() < 1
                    || reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
                throw new InvalidRequestException("reconnectDelay needs 1 ms <= min <= max, was " + reconnectMinDelay
                        + " and " + reconnectMaxDelay);
            }
            if (historyAfter == null || historyAfter.isNegative() || historyAfter.isZero()) {
                throw new InvalidRequestException("historyAfter must be positive, was " + historyAfter);
            }
            if (registrationMode == null || timeZone == null) {
                throw new InvalidRequestException("registrationMode and timeZone must not be null");
            }
            return new GatewayConfig(this, gateway);
        }

        private static boolean isEmpty(String s) {
            return s == null || s.isEmpty();
        }
    }
}
