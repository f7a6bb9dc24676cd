package io.alink.emulator.platform;

import io.alink.emulator.Emulator;
import io.alink.emulator.TestProducts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An emulator in a process of its own, so that a test can kill it with SIGKILL or start it under another umask.
 * {@link #main} prints its MQTT port, then waits.
 */
public final class EmulatorProcess {
    private EmulatorProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Emulator emulator = Emulator.start(TestProducts.config().dataDir(Path.of(args[0])).build());
        System.out.println("MQTT " + emulator.mqttPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** A started emulator process; closing it kills it. */
    public record Running(Process process, int mqttPort) implements AutoCloseable {
        /** SIGKILL, and waits until the process is gone. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the emulator process did not die");
            }
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }

    /** Starts the emulator on {@code data} and returns once it announced its port. */
    public static Running start(Path data) throws IOException {
        return start(List.of(), data);
    }

    /** As {@link #start(Path)}, under a shell's {@code umask} (an octal string such as "000"). */
    public static Running startWithUmask(String umask, Path data) throws IOException {
        return start(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""), data);
    }

    private static Running start(List<String> prefix, Path data) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, EmulatorProcess.class.getName(), data.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        while (line != null && !line.startsWith("MQTT ")) {
            line = out.readLine();
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the emulator process ended without announcing its port");
        }
        return new Running(process, Integer.parseInt(line.substring(5).trim()));
    }
}
