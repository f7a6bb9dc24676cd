package io.alink.bench;

import io.alink.protocol.DeviceId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapters as connections of Debian's {@code wrk} (a load generator in C, a process of its own): a few µs of CPU per
 * post where {@link JavaHttpPosts} spends hundreds, so that the server under test, not the load, has the cores. Its
 * script spreads the posts over the sub-devices, numbers them, and stops each wrk thread once it has its share of
 * answers; wrk's own figures (answers, non-2xx answers, socket errors, latency percentiles) come back in one line.
 * wrk itself runs for a duration whatever its threads do, so once every thread said it is done it is told to stop
 * with SIGINT, which ends it as its duration would: its time is then the run's.
 */
final class WrkPosts implements PostLoad {

    private static final Logger log = LoggerFactory.getLogger(WrkPosts.class);
    private static final Path WRK = Path.of("/usr/bin/wrk");
    /** wrk runs for a time, not a count: it is stopped at the count, this only bounds a run that stalls. */
    private static final int MAX_SECONDS = 600;
    private static final int TIMEOUT_SECONDS = 30;
    private static final Pattern FIGURES = Pattern.compile("^ALINK (.*)$", Pattern.MULTILINE);
    private static final String SCRIPT = """
            local next_thread = 0
            function setup(thread)
              thread:set("id", next_thread)
              next_thread = next_thread + 1
            end
            function init(args)
              devices = {}
              for device in string.gmatch(args[1], "[^,]+") do devices[#devices + 1] = device end
              share = tonumber(args[2 + id])
              threads = tonumber(args[#args])
              sent = 0
              answered = 0
              headers = {["Content-Type"] = "application/json"}
            end
            function request()
              local n = id + sent * threads
              sent = sent + 1
              return wrk.format("POST", "/v1/devices/" .. devices[(n % #devices) + 1] .. "/properties", headers,
                '{"n":' .. n .. ',"temperature":21.5}')
            end
            function response(status, headers, body)
              answered = answered + 1
              if answered == share then
                io.write("ALINK-THREAD-DONE\\n")
                io.flush()
                wrk.thread:stop()
              end
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format(
                "ALINK answered=%d micros=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50=%d p99=%d max=%d\\n",
                summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
                latency:percentile(50), latency:percentile(99), latency.max))
            end
            """;

    static boolean installed() {
        return Files.isExecutable(WRK);
    }

    @Override
    public String describe() {
        return "wrk (C), one connection per adapter";
    }

    @Override
    public Result run(URI southbound, List<DeviceId> devices, int adapters, int posts) {
        int threads = Math.max(1, Math.min(adapters, Math.min(posts, Runtime.getRuntime().availableProcessors())));
        Path script = null;
        try {
            script = Files.createTempFile("alink-wrk-", ".lua");
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(WRK.toString(), "-t", Integer.toString(threads), "-c",
                    Integer.toString(Math.max(adapters, threads)), "-d", MAX_SECONDS + "s", "--timeout",
                    TIMEOUT_SECONDS + "s", "-s", script.toString(), southbound.toString(), "--",
                    devices.stream().map(d -> d.productKey() + "/" + d.deviceName()).collect(Collectors.joining(","))));
            for (int t = 0; t < threads; t++) {
                command.add(Integer.toString(posts / threads + (t < posts % threads ? 1 : 0)));
            }
            command.add(Integer.toString(threads));
            return figures(run(command, threads, script.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run wrk: " + e.getMessage(), e);
        } finally {
            if (script != null) {
                script.toFile().delete();
            }
        }
    }

    private static String run(List<String> command, int threads, String script) throws IOException {
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(wrk.getInputStream(),
                StandardCharsets.UTF_8))) {
            StringBuilder output = new StringBuilder();
            int done = 0;
            for (String line; (line = lines.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith(script + ":")) {
                    // wrk reports a script error and goes on without the script, as a load of its own
                    interrupt(wrk);
                    throw new IllegalStateException("wrk cannot run its script: " + line);
                }
                if (line.equals("ALINK-THREAD-DONE") && ++done == threads) {
                    interrupt(wrk);
                }
            }
            if (!wrk.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + output);
            }
            return output.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while wrk ran", e);
        } finally {
            wrk.destroyForcibly();
        }
    }

    /** SIGINT, on which wrk stops as at the end of its duration and prints its figures (SIGTERM would kill it). */
    private static void interrupt(Process wrk) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("cannot stop wrk (pid " + wrk.pid() + ")");
        }
    }

    /** The script's line of figures as a result; the answers that were not 2xx, and socket errors, are refusals. */
    static Result figures(String output) {
        Matcher line = FIGURES.matcher(output);
        if (!line.find()) {
            throw new IllegalStateException("wrk printed no figures: " + output);
        }
        Map<String, Long> figures = new TreeMap<>();
        for (String pair : line.group(1).trim().split(" ")) {
            String[] kv = pair.split("=", 2);
            figures.put(kv[0], Long.parseLong(kv[1]));
        }
        long failed = figures.get("connect") + figures.get("read") + figures.get("write") + figures.get("timeout");
        long refused = figures.get("non2xx") + failed;
        if (refused > 0) {
            log.warn("wrk: {} answers were not 2xx, {} socket errors", figures.get("non2xx"), failed);
        }
        return new Result(figures.get("answered") - figures.get("non2xx"), refused, figures.get("micros") / 1e6,
                figures.get("p50"), figures.get("p99"), figures.get("max"));
    }
}
