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

    /** The region without {@link Builder#region}: {@value}. */
    public static final String DEFAULT_REGION = "cn-shanghai";
    /** The keep-alive without {@link Builder#keepAliveSeconds}: {@value} s. */
    public static final int DEFAULT_KEEPALIVE_SECONDS = 60;
    /** The shortest keep-alive the platform accepts: {@value} s. */
    public static final int MIN_KEEPALIVE_SECONDS = 30;
    /** The longest keep-alive the platform honours: {@value} s. */
    public static final int MAX_KEEPALIVE_SECONDS = 1200;
    /** How long a request waits for its reply without {@link Builder#requestTimeout}: 10 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The platform's limit on sub-device logins per second per gateway. */
    public static final int PLATFORM_LOGINS_PER_SECOND = 200;
    /** HaaS reports NTP time in UTC+8, the platform's home time zone. */
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneOffset.ofHours(8);
    /** LinkSDK 4 waits 2 s between attempts; starting at 1 s and doubling gets back as fast after a short blip. */
    public static final Duration DEFAULT_RECONNECT_MIN_DELAY = Duration.ofSeconds(1);
    /** The longest wait between reconnection attempts without {@link Builder#reconnectDelay}: 60 s. */
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(60);
    /**
     * The longest wait between reconnection attempts: what the outbox held for less has waited no longer than one
     * reconnection and is still the devices' current state; older is back-fill from an outage.
     */
    public static final Duration DEFAULT_HISTORY_AFTER = DEFAULT_RECONNECT_MAX_DELAY;
    /** The platform's longest RRPC timeout, 8 s: how long the cloud may wait for an RRPC answer. */
    public static final Duration MAX_RRPC_ANSWER_WINDOW = Duration.ofSeconds(8);
    /** The platform's shortest RRPC timeout, 1 s. */
    public static final Duration MIN_RRPC_ANSWER_WINDOW = Duration.ofSeconds(1);

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
    private final Duration rrpcAnswerWindow;
    private final String instanceId;

    private GatewayConfig(Builder b, DeviceId gateway) {
        this.gateway = gateway;
        this.deviceSecret = b.deviceSecret;
        this.productSecret = b.productSecret;
        this.region = b.region;
        this.endpoint = b.endpoint != null ? b.endpoint : b.instanceId != null ? Endpoint.instance(b.instanceId)
                : Endpoint.platform(gateway.productKey(), b.region);
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
        this.rrpcAnswerWindow = b.rrpcAnswerWindow;
        this.instanceId = b.instanceId;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return {@code ~/.alink/gateway}: the device's own store, like the key-value store HaaS keeps on flash} */
    public static Path defaultStoreDir() {
        return Path.of(System.getProperty("user.home"), ".alink", "gateway");
    }

    /** {@return the gateway's productKey and deviceName} */
    public DeviceId gateway() {
        return gateway;
    }

    /** {@return the gateway's product} */
    public String productKey() {
        return gateway.productKey();
    }

    /** {@return the gateway's name within its product} */
    public String deviceName() {
        return gateway.deviceName();
    }

    /**
     * {@return the gateway's own secret; empty when the client registers the gateway or reads the secret from the
     * store}
     */
    public Optional<String> deviceSecret() {
        return Optional.ofNullable(deviceSecret);
    }

    /** {@return the product's secret, for dynamic registration; empty when not configured} */
    public Optional<String> productSecret() {
        return Optional.ofNullable(productSecret);
    }

    /** {@return the platform's region, such as cn-shanghai} */
    public String region() {
        return region;
    }

    /** {@return where the MQTT connection goes: the configured endpoint, else the platform's host for the region} */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** {@return the certificates to trust instead of the JDK trust store; empty for the JDK's} */
    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    /** {@return the MQTT keep-alive, in seconds} */
    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    /** {@return how long any request waits for its reply (and a CONNECT for its CONNACK)} */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** {@return the folder of the gateway's identity, the secrets issued by registration and the outbox} */
    public Path storeDir() {
        return storeDir;
    }

    /** {@return how the gateway registers itself when it has only a productSecret} */
    public RegistrationMode registrationMode() {
        return registrationMode;
    }

    /** {@return where HTTPS dynamic registration posts to} */
    public URI registrationUri() {
        return registrationUri;
    }

    /** {@return the pace of sub-device logins} */
    public int maxLoginsPerSecond() {
        return maxLoginsPerSecond;
    }

    /** {@return the executor for application callbacks; empty when the client uses (and owns) its own} */
    public Optional<Executor> callbackExecutor() {
        return Optional.ofNullable(callbackExecutor);
    }

    /** {@return the time zone of {@link NtpTime}'s calendar fields} */
    public ZoneId timeZone() {
        return timeZone;
    }

    /** {@return the shortest wait before a reconnection attempt} */
    public Duration reconnectMinDelay() {
        return reconnectMinDelay;
    }

    /** {@return the longest wait between reconnection attempts} */
    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /** The delays of reconnection attempts, which also space the retries of sub-device logins. */
    Backoff reconnectBackoff() {
        return new Backoff(reconnectMinDelay, reconnectMaxDelay);
    }

    /** {@return the bounds of the durable outbox in {@link #storeDir()}; empty when the client keeps no outbox} */
    public Optional<OutboxLimits> outbox() {
        return Optional.ofNullable(outbox);
    }

    /** {@return how old a journaled property post or pack may be and still go as it is; older goes as history/post} */
    public Duration historyAfter() {
        return historyAfter;
    }

    /**
     * {@return how long after an RRPC request (or sync service call) arrives its answer is still sent: the cloud's
     * timeout, which the request does not carry}
     */
    public Duration rrpcAnswerWindow() {
        return rrpcAnswerWindow;
    }

    /** {@return the platform instance the gateway belongs to; empty for the region's public instance} */
    public Optional<String> instanceId() {
        return Optional.ofNullable(instanceId);
    }

    /** {@return a builder holding this configuration, to change some of it} */
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
        b.rrpcAnswerWindow = rrpcAnswerWindow;
        b.instanceId = instanceId;
        // an endpoint computed from the instance is not an explicit one: it follows a changed instanceId
        b.endpoint = instanceId != null && endpoint.equals(Endpoint.instance(instanceId)) ? null : endpoint;
        return b;
    }

    @Override
    public String toString() {
        return "GatewayConfig[gateway=" + gateway + ", deviceSecret=" + (deviceSecret == null ? "none" : "***")
                + ", productSecret=" + (productSecret == null ? "none" : "***") + ", endpoint=" + endpoint
                + ", keepAliveSeconds=" + keepAliveSeconds + ", requestTimeout=" + requestTimeout + ", storeDir="
                + storeDir + ", registrationMode=" + registrationMode + ", registrationUri=" + registrationUri
                + ", reconnectDelay=" + reconnectMinDelay + ".." + reconnectMaxDelay + ", outbox=" + outbox
                + ", historyAfter=" + historyAfter + ", rrpcAnswerWindow=" + rrpcAnswerWindow
                + (instanceId == null ? "" : ", instanceId=" + instanceId) + "]";
    }

    /** Collects the settings of a {@link GatewayConfig}; {@link #build()} checks them all. */
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
        private Duration rrpcAnswerWindow = MAX_RRPC_ANSWER_WINDOW;
        private String instanceId;

        private Builder() {
        }

        /**
         * The gateway's product; required.
         *
         * @param productKey as in the console
         * @return this builder
         */
        public Builder productKey(String productKey) {
            this.productKey = productKey;
            return this;
        }

        /**
         * The gateway's name within its product; required.
         *
         * @param deviceName as in the console
         * @return this builder
         */
        public Builder deviceName(String deviceName) {
            this.deviceName = deviceName;
            return this;
        }

        /**
         * The gateway's own secret (one-device-one-secret).
         *
         * @param deviceSecret as in the console; null for none
         * @return this builder
         */
        public Builder deviceSecret(String deviceSecret) {
            this.deviceSecret = deviceSecret;
            return this;
        }

        /**
         * The product's secret: without a deviceSecret, {@code connect()} registers the gateway first.
         *
         * @param productSecret as in the console; null for none
         * @return this builder
         */
        public Builder productSecret(String productSecret) {
            this.productSecret = productSecret;
            return this;
        }

        /**
         * The platform's region; default {@value GatewayConfig#DEFAULT_REGION}.
         *
         * @param region such as cn-shanghai
         * @return this builder
         */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /**
         * An explicit MQTT endpoint instead of the platform's host for the region.
         *
         * @param host the host name or address
         * @param port 1 to 65535
         * @param tls  whether the connection is TLS (plain TCP only when false)
         * @return this builder
         */
        public Builder endpoint(String host, int port, boolean tls) {
            return endpoint(new Endpoint(host, port, tls));
        }

        /**
         * An explicit MQTT endpoint instead of the platform's host for the region; null goes back to that host.
         *
         * @param endpoint where to connect, such as {@code Endpoint.platform(productKey, "cn-shanghai")} or an
         *                 emulator's {@code new Endpoint("127.0.0.1", 1883, false)}
         * @return this builder
         */
        public Builder endpoint(Endpoint endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * PEM or DER certificates to trust instead of the JDK trust store (TLS endpoints and HTTPS registration).
         *
         * @param caFile a readable file; null for the JDK trust store
         * @return this builder
         */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        /**
         * The MQTT keep-alive; default {@value GatewayConfig#DEFAULT_KEEPALIVE_SECONDS} s.
         *
         * @param keepAliveSeconds {@value GatewayConfig#MIN_KEEPALIVE_SECONDS} to
         *                         {@value GatewayConfig#MAX_KEEPALIVE_SECONDS}
         * @return this builder
         */
        public Builder keepAliveSeconds(int keepAliveSeconds) {
            this.keepAliveSeconds = keepAliveSeconds;
            return this;
        }

        /**
         * How long any request waits for its reply (and a CONNECT for its CONNACK); default 10 s.
         *
         * @param requestTimeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * The folder where the gateway's identity, secrets issued by dynamic registration and the outbox are kept;
         * default {@link GatewayConfig#defaultStoreDir()}.
         *
         * @param storeDir created owner-only when missing
         * @return this builder
         */
        public Builder storeDir(Path storeDir) {
            this.storeDir = storeDir;
            return this;
        }

        /**
         * How the gateway registers itself when it has only a productSecret; default HTTPS.
         *
         * @param registrationMode HTTPS or MQTT
         * @return this builder
         */
        public Builder registrationMode(RegistrationMode registrationMode) {
            this.registrationMode = registrationMode;
            return this;
        }

        /**
         * Overrides {@code https://iot-auth.{region}.aliyuncs.com/auth/register/device}, e.g. an emulator's.
         *
         * @param registrationUri where HTTPS registration posts to
         * @return this builder
         */
        public Builder registrationUri(URI registrationUri) {
            this.registrationUri = registrationUri;
            return this;
        }

        /**
         * Pace of sub-device logins; the platform's limit is {@value GatewayConfig#PLATFORM_LOGINS_PER_SECOND}.
         *
         * @param maxLoginsPerSecond positive
         * @return this builder
         */
        public Builder maxLoginsPerSecond(int maxLoginsPerSecond) {
            this.maxLoginsPerSecond = maxLoginsPerSecond;
            return this;
        }

        /**
         * Runs application callbacks; it must not run tasks on the caller's thread. Default: the client's own pool.
         *
         * @param callbackExecutor the application's executor; null for the client's own
         * @return this builder
         */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = callbackExecutor;
            return this;
        }

        /**
         * The time zone of {@link NtpTime}'s calendar fields; default UTC+8, as HaaS reports them.
         *
         * @param timeZone the zone
         * @return this builder
         */
        public Builder timeZone(ZoneId timeZone) {
            this.timeZone = timeZone;
            return this;
        }

        /**
         * Keeps a durable outbox ({@code outbox.db} in the {@link #storeDir store folder}) within {@code limits}, for
         * {@link GatewayClient#enqueue}. Off unless set (null turns it off again): an outbox is a file on disk that
         * only a program that enqueues needs. {@link OutboxLimits#DEFAULT} fits a small gateway. One client per store
         * folder: two clients draining one outbox would send every message twice.
         *
         * @param limits how much the outbox may hold; null for no outbox
         * @return this builder
         */
        public Builder outbox(OutboxLimits limits) {
            this.outbox = limits;
            return this;
        }

        /**
         * How old a property post or pack journaled in the outbox may be when it is sent and still go as it is:
         * older goes as history/post, each value with the time it was read (or journaled). Default
         * {@link #DEFAULT_HISTORY_AFTER}.
         *
         * @param age the age from which a journaled message goes as history/post
         * @return this builder
         */
        public Builder historyAfter(Duration age) {
            this.historyAfter = age;
            return this;
        }

        /**
         * Bounds of the wait between reconnection attempts: random, starting between {@code min} and twice that,
         * the ceiling doubling with every failed attempt up to {@code max}. Defaults: 1 s and 60 s. A connection taken
         * over by another client with the same identity waits up to five times {@code max}.
         *
         * @param min the shortest wait, at least 1 ms
         * @param max the longest wait, at least {@code min}
         * @return this builder
         */
        public Builder reconnectDelay(Duration min, Duration max) {
            this.reconnectMinDelay = min;
            this.reconnectMaxDelay = max;
            return this;
        }

        /**
         * How long after an RRPC request or sync service call arrives its answer is still sent; later answers are
         * not. Default (and most) {@link #MAX_RRPC_ANSWER_WINDOW}; set it to the timeout the cloud application
         * calls with, when that is shorter.
         *
         * @param window {@link #MIN_RRPC_ANSWER_WINDOW} to {@link #MAX_RRPC_ANSWER_WINDOW}
         * @return this builder
         */
        public Builder rrpcAnswerWindow(Duration window) {
            this.rrpcAnswerWindow = window;
            return this;
        }

        /**
         * The platform instance (Enterprise Edition or new public instance) the gateway belongs to: without an explicit
         * {@link #endpoint}, the client connects to {@link Endpoint#instance the instance's host} instead of the
         * region's.
         *
         * @param instanceId as in the console, such as {@code iot-06z00abc123}; null for the region's host
         * @return this builder
         */
        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        /**
         * {@return the configuration}
         *
         * @throws InvalidRequestException naming the first field that is missing or out of range
         */
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
            if (rrpcAnswerWindow == null || rrpcAnswerWindow.compareTo(MIN_RRPC_ANSWER_WINDOW) < 0
                    || rrpcAnswerWindow.compareTo(MAX_RRPC_ANSWER_WINDOW) > 0) {
                throw new InvalidRequestException("rrpcAnswerWindow must be 1-8 s, the platform's RRPC timeouts, was "
                        + rrpcAnswerWindow);
            }
            if (instanceId != null && !Endpoint.isInstanceId(instanceId)) {
                throw new InvalidRequestException("instanceId must be 1-64 letters, digits and '-', was '"
                        + instanceId + "'");
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
