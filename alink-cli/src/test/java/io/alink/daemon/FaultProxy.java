package io.alink.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay in front of the emulator's MQTT port that breaks connections the ways networks do: drop (both
 * sockets closed at once), stall (nothing passes either way, both sockets stay open), half-open (what the platform
 * sends no longer arrives, what the gateway sends still does). A fault hits the connections open at that moment;
 * later connections pass, so that the gateway's recovery can be seen.
 */
final class FaultProxy implements AutoCloseable {

    /** One relayed connection and which of its directions still pass. */
    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean uplink = true;
        volatile boolean downlink = true;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    FaultProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far: one more after each reconnection. */
    int connections() {
        return accepted.get();
    }

    void drop() {
        links.forEach(Link::close);
    }

    void stall() {
        links.forEach(link -> {
            link.uplink = false;
            link.downlink = false;
        });
    }

    void halfOpen() {
        links.forEach(link -> link.downlink = false);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                Link link = new Link(client, upstream);
                links.add(link);
                accepted.incrementAndGet();
                threads.execute(() -> relay(link, true));
                threads.execute(() -> relay(link, false));
            } catch (IOException closed) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Copies one direction; bytes of a direction that no longer passes are read and thrown away, as a black hole would. */
    private void relay(Link link, boolean up) {
        byte[] buffer = new byte[16 * 1024];
        // the streams are not closed here: closing one closes its socket, which a black hole must not do
        try {
            InputStream in = (up ? link.client : link.upstream).getInputStream();
            OutputStream out = (up ? link.upstream : link.client).getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (up ? link.uplink : link.downlink) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException closed) {
            // one side went away
        }
        if (up ? link.uplink : link.downlink) {
            // an end that closed is passed on, as a real network would; a black hole passes nothing, not even that
            link.close();
            links.remove(link);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        links.forEach(Link::close);
        threads.shutdownNow();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
