package io.alink.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 over one kept-alive loopback connection, sending request lines as given, byte for byte, which no HTTP
 * client does: what a fuzz target needs. A new connection is opened when the server closed the last one.
 */
final class RawHttp implements AutoCloseable {

    /** A request the server has not answered within this long is a stall. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    record Answer(String request, int status, byte[] body) {
        @Override
        public String toString() {
            return status + " " + new String(body, StandardCharsets.UTF_8) + " to " + request;
        }
    }

    private final int port;
    private final Duration readTimeout;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttp(int port) {
        this(port, READ_TIMEOUT);
    }

    RawHttp(int port, Duration readTimeout) {
        this.port = port;
        this.readTimeout = readTimeout;
    }

    /** Sends {@code requestLine} (without the protocol version) with {@code body} and reads the whole answer. */
    Answer exchange(byte[] requestLine, byte[] body) {
        String shown = new String(requestLine, StandardCharsets.UTF_8);
        boolean reused = socket != null;
        try {
            return send(requestLine, body, shown);
        } catch (IOException e) {
            close();
            if (!reused) {
                throw new UncheckedIOException("no answer to " + shown, e);
            }
        }
        // the server may close a kept-alive connection between two requests
        try {
            return send(requestLine, body, shown);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("no answer to " + shown, e);
        }
    }

    private Answer send(byte[] requestLine, byte[] body, String shown) throws IOException {
        if (socket == null) {
            open();
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream(requestLine.length + body.length + 128);
        request.write(requestLine);
        request.write((" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.write(body);
        out.write(request.toByteArray());
        out.flush();
        // methods are case-sensitive: "head" is no HEAD to Jetty, and its answer has a body to read
        return read(shown, shown.startsWith("HEAD "));
    }

    private Answer read(String request, boolean head) throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closing = true;
            }
        }
        byte[] body = head || status == 204 ? new byte[0]
                : chunked ? chunks() : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
        if (closing || !chunked && length < 0 && !head && status != 204) {
            close();
        }
        return new Answer(request, status, body);
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
            body.write(in.readNBytes(size));
            line();
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
            // trailers carry nothing the target checks
        }
        return body.toByteArray();
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended in the middle of an answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private void open() throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone: nothing left to release
            }
            socket = null;
        }
    }
}
