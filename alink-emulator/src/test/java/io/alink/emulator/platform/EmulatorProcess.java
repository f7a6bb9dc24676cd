package io.alink.emulator.platform;

import io.alink.emulator.Emulator;
import io.alink.emulator.TestProducts;
import java.nio.file.Path;

/** An emulator in a process of its own, so a test can kill it with SIGKILL. Prints its MQTT port, then waits. */
public final class EmulatorProcess {
    private EmulatorProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Emulator emulator = Emulator.start(TestProducts.config().dataDir(Path.of(args[0])).build());
        System.out.println("MQTT " + emulator.mqttPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
