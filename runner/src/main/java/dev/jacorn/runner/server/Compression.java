package dev.jacorn.runner.server;

import io.undertow.predicate.Predicate;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.util.Headers;
import java.util.Locale;

/**
 * {@code --compress}: gzip for text responses, for clients whose {@code Accept-Encoding} allows
 * it (Undertow's {@link EncodingHandler} negotiates, honouring q-values). Compressed: text/*,
 * JSON, JavaScript, XML and SVG, of at least {@value #MIN_BYTES} bytes or of unknown length; never
 * a response that already has a {@code Content-Encoding}. Every compressible response says
 * {@code Vary: Accept-Encoding} so caches keep both forms apart.
 *
 * <p>The decision is taken when the response starts, on the thread that writes it.
 */
public final class Compression {

    static final int MIN_BYTES = 1024;

    private Compression() {
    }

    public static HttpHandler gzip(HttpHandler next) {
        Predicate worthIt = exchange -> isCompressible(exchange) && isLongEnough(exchange);
        HttpHandler encoding = new EncodingHandler(next, new ContentEncodingRepository()
                .addEncodingHandler("gzip", new GzipEncodingProvider(), 50, worthIt));
        return exchange -> {
            exchange.addResponseCommitListener(committed -> {
                if (isCompressible(committed)) {
                    committed.getResponseHeaders().add(Headers.VARY, "Accept-Encoding");
                }
            });
            encoding.handleRequest(exchange);
        };
    }

    static boolean isCompressible(HttpServerExchange exchange) {
        String type = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        String media = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.startsWith("text/") || media.equals("application/json") || media.endsWith("+json")
                || media.equals("application/javascript") || media.equals("application/xml")
                || media.endsWith("+xml") || media.equals("image/svg+xml");
    }

    private static boolean isLongEnough(HttpServerExchange exchange) {
        long length = exchange.getResponseContentLength();
        return length < 0 || length >= MIN_BYTES;
    }
}
