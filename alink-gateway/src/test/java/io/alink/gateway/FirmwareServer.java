package io.alink.gateway;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A file server on 127.0.0.1 for download tests: serves one file at {@code /fw.bin}, honours {@code Range: bytes=N-}
 * with a 206, records each request's Range header, and can drop the connection once half-way through the file.
 */
final class FirmwareServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final byte[] file;
    private final AtomicBoolean dropOnce = new AtomicBoolean();
    /** Each request's Range header, "" when it had none. */
    private final List<String> ranges = new CopyOnWriteArrayList<>();

    private FirmwareServer(byte[] file) {
        this.file = file.clone();
    }

    static FirmwareServer serving(byte[] file) throws Exception {
        FirmwareServer firmware = new FirmwareServer(file);
        firmware.connector.setHost("127.0.0.1");
        firmware.server.addConnector(firmware.connector);
        firmware.server.setHandler(firmware.new Files());
        firmware.server.start();
        return firmware;
    }

    /** The next download gets half the file, then the connection closes. */
    FirmwareServer dropMidFileOnce() {
        dropOnce.set(true);
        return this;
    }

    String url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/fw.bin?expires=1&signature=x").toString();
    }

    List<String> ranges() {
        return List.copyOf(ranges);
    }

    private final class Files extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!"/fw.bin".equals(Request.getPathInContext(request))) {
                Response.writeError(request, response, callback, 404);
                return true;
            }
            String range = request.getHeaders().get(HttpHeader.RANGE);
            ranges.add(range == null ? "" : range);
            int from = 0;
            Matcher matcher = range == null ? null : RANGE.matcher(range);
            if (matcher != null && matcher.matches()) {
                from = Integer.parseInt(matcher.group(1));
                response.setStatus(206);
                response.getHeaders().put(HttpHeader.CONTENT_RANGE,
                        "bytes " + from + "-" + (file.length - 1) + "/" + file.length);
            } else {
                response.setStatus(200);
            }
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.length - from);
            if (dropOnce.compareAndSet(true, false)) {
                int half = (file.length - from) / 2;
                response.write(false, ByteBuffer.wrap(file, from, half), Callback.from(
                        () -> callback.failed(new EofException("dropped half-way on purpose")), callback::failed));
            } else {
                response.write(true, ByteBuffer.wrap(file, from, file.length - from), callback);
            }
            return true;
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
