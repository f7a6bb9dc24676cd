package io.alink.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A server's routes: a method and a path template whose {@code {name}} parts match one path segment each, as in
 * {@code /api/devices/{productKey}/{deviceName}}. A path no template matches is unknown (404); one that matches under
 * other methods only is a wrong method (405). HEAD is served by the GET route, without the body.
 */
public final class Routes {

    /** Answers a call, at once or later from another thread (see {@link HttpCall#later}). */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpCall call) throws Exception;
    }

    /** @param maxBodyBytes the route's own body limit, or 0 for the server's; {@code bodyLimit} says it in words */
    record Route(String method, String template, String[] segments, Handler handler, int maxBodyBytes,
                 String bodyLimit) {
    }

    /**
     * What a request resolved to: its route with the path's values, decoded; or, when no route of that method
     * matches, the methods that would have ({@code allowed}, empty for an unknown path).
     */
    record Resolution(Route route, Map<String, String> variables, Set<String> allowed) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Routes add(String method, String template, Handler handler) {
        return add(method, template, 0, null, handler);
    }

    /**
     * A route that takes bodies up to its own limit instead of the server's (a file upload); {@code inWords}
     * explains the limit in the 413 answer.
     */
    public Routes add(String method, String template, int maxBodyBytes, String inWords, Handler handler) {
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative, not " + maxBodyBytes);
        }
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a path template starts with '/': " + template);
        }
        for (Route route : routes) {
            if (route.method().equals(method) && route.template().equals(template)) {
                throw new IllegalArgumentException("two routes for " + method + " " + template);
            }
        }
        routes.add(new Route(method, template, segments(template), handler, maxBodyBytes,
                maxBodyBytes == 0 ? null : maxBodyBytes + " bytes (" + inWords + ")"));
        return this;
    }

    /**
     * A GET route answering with a resource that lies next to {@code owner}'s class file (a page, its script), read
     * now: a resource missing from the build fails here, not on a request.
     */
    public Routes addResource(String template, Class<?> owner, String name, String contentType) {
        byte[] content;
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the resources of " + owner.getPackageName());
            }
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + name, e);
        }
        return add("GET", template, call -> call.send(200, contentType, content));
    }

    /**
     * @param rawPath the path as sent, still percent-encoded, so that an encoded '/' stays inside its segment
     * @throws HttpError 400 when the path is not validly percent-encoded
     */
    Resolution resolve(String method, String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            // OPTIONS * and the like: no route is for the server as a whole
            return new Resolution(null, Map.of(), Set.of());
        }
        String[] path = segments(rawPath);
        for (int i = 0; i < path.length; i++) {
            path[i] = decodeSegment(path[i]);
        }
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> variables = bind(route.segments(), path);
            if (variables == null) {
                continue;
            }
            if (route.method().equals(method) || method.equals("HEAD") && route.method().equals("GET")) {
                return new Resolution(route, variables, Set.of());
            }
            allowed.add(route.method());
        }
        return new Resolution(null, Map.of(), allowed);
    }

    private static Map<String, String> bind(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{") && template[i].endsWith("}")) {
                variables.put(template[i].substring(1, template[i].length() - 1), path[i]);
            } else if (!template[i].equals(path[i])) {
                return null;
            }
        }
        return variables;
    }

    /** {@code /a/b} is [a, b] and {@code /} is [""]: a trailing slash makes an empty last segment, not a match. */
    private static String[] segments(String path) {
        return path.substring(1).split("/", -1);
    }

    private static String decodeSegment(String segment) {
        try {
            // Not URLDecoder's '+' as space: that is a form convention, not a path one.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("the path is not validly percent-encoded");
        }
    }
}
