package dev.jacorn.adapter;

import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Refuses, with 404, every client request whose path lies under {@code WEB-INF/} or
 * {@code META-INF/} of the application, however it is spelled: any case, {@code ;} path
 * parameters, {@code //}, {@code /./}, {@code /../} and backslashes are all normalized before the
 * check (the URL is already percent-decoded by Undertow; an encoded {@code %2F} stays literal and
 * so cannot form a separator). Forwards and includes inside the application are not affected.
 * Runs on the I/O or request thread of each request; stateless.
 */
final class ProtectedPaths implements HandlerWrapper {

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            if (isProtected(exchange.getRelativePath())) {
                refuse(exchange);
                return;
            }
            next.handleRequest(exchange);
        };
    }

    /** Whether the first segment of the normalized path is WEB-INF or META-INF (any case). */
    static boolean isProtected(String path) {
        if (path.indexOf('-') < 0) {
            return false; // no spelling of WEB-INF or META-INF comes without its hyphen: most paths stop here
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : path.replace('\\', '/').split("/")) {
            int parameters = raw.indexOf(';');
            String segment = (parameters >= 0 ? raw.substring(0, parameters) : raw).strip();
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        String first = segments.isEmpty() ? "" : segments.peekFirst().toUpperCase(Locale.ROOT);
        // "WEB-INF." and "WEB-INF " name the same folder on some file systems.
        while (first.endsWith(".") || first.endsWith(" ")) {
            first = first.substring(0, first.length() - 1);
        }
        return first.equals("WEB-INF") || first.equals("META-INF");
    }

    private static void refuse(HttpServerExchange exchange) {
        exchange.setStatusCode(StatusCodes.NOT_FOUND);
        exchange.endExchange();
    }
}
