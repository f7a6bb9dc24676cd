package io.alink.emulator.http;

import io.alink.emulator.ota.FirmwarePackage;
import io.alink.emulator.ota.FirmwareUrlSigner;
import io.alink.emulator.store.OtaStore;
import io.alink.protocol.AlinkJson;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /ota/files/{firmwareId}?device=&expires=&signature=}: the file, whole (200) or from a byte on
 * ({@code Range: bytes=N-} or {@code bytes=N-M}, 206 with {@code Content-Range}), so that a broken download
 * resumes. A forged or expired URL is 403, an unknown package 404, a range beyond the file 416; errors are JSON.
 */
final class FirmwareDownloads extends Handler.Abstract {
    static final String PATH_PREFIX = "/ota/files/";
    private static final Pattern PATH = Pattern.compile(Pattern.quote(PATH_PREFIX) + "(\\d{1,18})");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");

    private final OtaStore store;
    private final FirmwareUrlSigner signer;

    FirmwareDownloads(OtaStore store, FirmwareUrlSigner signer) {
        this.store = store;
        this.signer = signer;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Matcher path = PATH.matcher(request.getHttpURI().getPath());
        String method = request.getMethod();
        if (!path.matches()) {
            return error(response, callback, 404, "not_found", "no such file");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return error(response, callback, 405, "method_not_allowed", "only GET and HEAD are served here");
        }
        long firmwareId = Long.parseLong(path.group(1));
        Fields query;
        try {
            query = Request.extractQueryParameters(request);
        } catch (RuntimeException malformed) {
            return error(response, callback, 400, "bad_request", "the query string is malformed");
        }
        Optional<String> refused = signer.problem(firmwareId, query.getValue("device"), query.getValue("expires"),
                query.getValue("signature"));
        if (refused.isPresent()) {
            return error(response, callback, 403, "forbidden", refused.get());
        }
        Optional<FirmwarePackage> firmware = store.firmware(firmwareId);
        if (firmware.isEmpty()) {
            return error(response, callback, 404, "not_found", "no firmware package " + firmwareId);
        }
        long size = firmware.get().size();
        long from = 0;
        long to = size - 1;
        String range = request.getHeaders().get(HttpHeader.RANGE);
        if (range != null) {
            Matcher bytes = RANGE.matcher(range.trim());
            if (bytes.matches()) {
                from = Long.parseLong(bytes.group(1));
                to = bytes.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(bytes.group(2)), size - 1);
            }
            if (!bytes.matches() || from >= size || from > to) {
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
                return error(response, callback, 416, "range_not_satisfiable",
                        "the range must be bytes=N- or bytes=N-M within the file's " + size + " bytes");
            }
            response.setStatus(206);
            response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes " + from + "-" + to + "/" + size);
        } else {
            response.setStatus(200);
        }
        long length = to - from + 1;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        if (method.equals("HEAD")) {
            response.write(true, null, callback);
        } else {
            Content.copy(Content.Source.from(store.firmwareFile(firmwareId), from, length), response, callback);
        }
        return true;
    }

    private static boolean error(Response response, Callback callback, int status, String code, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        byte[] body = AlinkJson.toBytes(AlinkJson.object().put("error", code).put("message", message));
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
