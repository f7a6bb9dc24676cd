package io.alink.emulator.broker;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HiveMQ's start-up chatter (INFO) off the console of the CLI.
 *
 * <p>The broker runs without HiveMQ's logging bootstrap, which would replace the application's logback setup.
 * What is left is HiveMQ logging at INFO into whatever the application configured. Unless the application set a
 * level for {@code com.hivemq} itself, this lowers it to WARN. SLF4J has no API for levels, and logback is only a
 * runtime dependency (HiveMQ's), hence reflection; with another SLF4J backend this does nothing.
 */
final class HiveMqLogging {

    private static final Logger log = LoggerFactory.getLogger(HiveMqLogging.class);
    private static final String LOGBACK_LOGGER = "ch.qos.logback.classic.Logger";

    private HiveMqLogging() {
    }

    static void quietUnlessConfigured() {
        Logger hivemq = LoggerFactory.getLogger("com.hivemq");
        Class<?> loggerClass = hivemq.getClass();
        if (!loggerClass.getName().equals(LOGBACK_LOGGER)) {
            return;
        }
        try {
            if (loggerClass.getMethod("getLevel").invoke(hivemq) != null) {
                return;
            }
            Class<?> level = Class.forName("ch.qos.logback.classic.Level", true, loggerClass.getClassLoader());
            Method setLevel = loggerClass.getMethod("setLevel", level);
            setLevel.invoke(hivemq, level.getField("WARN").get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Could not lower the HiveMQ log level", e);
        }
    }
}
