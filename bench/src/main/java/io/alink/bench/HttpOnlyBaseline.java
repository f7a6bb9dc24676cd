package io.alink.bench;

import io.alink.http.ApiServer;
import io.alink.http.HttpCall;
import io.alink.http.Routes;
import io.alink.protocol.AlinkJson;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP limit of the daemon's durable path: the same HTTP server (alink-http's, as the southbound API builds it)
 * on the same route, reading and parsing each post's JSON and answering 202 with a sequence number at once, without
 * journaling or sending anything.
 */
final class HttpOnlyBaseline implements AutoCloseable {

    private final AtomicLong seq = new AtomicLong();
    private final ApiServer server;

    HttpOnlyBaseline() {
        server = ApiServer.builder(new Routes().add("POST", "/v1/devices/{pk}/{dn}/properties", this::accept))
                .host("127.0.0.1").port(0).name("bench HTTP-only southbound").start();
    }

    /** Posts answered so far. */
    long answered() {
        return seq.get();
    }

    URI uri() {
        return server.uri();
    }

    private void accept(HttpCall call) {
        call.jsonObject();
        call.json(202, AlinkJson.object().put("seq", seq.incrementAndGet()));
    }

    @Override
    public void close() {
        server.close();
    }
}
