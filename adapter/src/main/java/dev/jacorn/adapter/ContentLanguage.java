package dev.jacorn.adapter;

import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;

/**
 * Makes the {@code Content-Language} that {@code ServletResponse.setLocale} writes a valid language
 * tag, as Tomcat's is. Undertow writes the locale's language, a dash and its country, so a locale
 * without a country (Spring MVC sets the request's locale on every response it renders, often
 * plain {@code en}) gives {@code Content-Language: en-}, which no client can read. Just before the
 * response is committed, a value that ends with a dash loses it, and a bare dash (the root locale,
 * which Tomcat sends no header for) is removed. Every other value, whoever set it, is left alone.
 *
 * <p>Runs on the thread that commits the response; stateless.
 */
final class ContentLanguage implements HandlerWrapper {

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            exchange.addResponseCommitListener(committing -> repair(committing.getResponseHeaders()));
            next.handleRequest(exchange);
        };
    }

    static void repair(HeaderMap headers) {
        String value = headers.getFirst(Headers.CONTENT_LANGUAGE);
        if (value == null || !value.endsWith("-")) {
            return;
        }
        String tag = tag(value);
        if (tag.isEmpty()) {
            headers.remove(Headers.CONTENT_LANGUAGE);
        } else {
            headers.put(Headers.CONTENT_LANGUAGE, tag);
        }
    }

    /** {@code en-} is {@code en}; {@code -} is nothing; anything else is itself. */
    static String tag(String value) {
        String tag = value;
        while (tag.endsWith("-")) {
            tag = tag.substring(0, tag.length() - 1);
        }
        return tag;
    }
}
