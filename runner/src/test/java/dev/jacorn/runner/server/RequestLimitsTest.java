package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.Protocols;
import org.junit.jupiter.api.Test;

/** Every field is counted and measured, however Undertow's header map stores it: one per name, several values, colliding names. */
class RequestLimitsTest {

    private final RequestLimits limits = new RequestLimits(100, 40, 60, 1000);

    @Test
    void aRequestWithinEveryLimitPasses() {
        assertEquals(0, limits.check(exchange("/hello", 3)));
    }

    @Test
    void aLongRequestLineCountsItsQueryString() {
        assertEquals(0, limits.check(exchange("/" + "a".repeat(80), 1)));
        HttpServerExchange exchange = exchange("/" + "a".repeat(80), 1);
        exchange.setQueryString("q=" + "b".repeat(20));
        assertEquals(414, limits.check(exchange));
    }

    @Test
    void everyValueOfARepeatedFieldIsCounted() {
        HttpServerExchange exchange = exchange("/", 1);
        for (int i = 0; i < 39; i++) {
            exchange.getRequestHeaders().add(new HttpString("Accept"), "text/plain");
        }
        assertEquals(0, limits.check(exchange), "40 fields");
        exchange.getRequestHeaders().add(new HttpString("Accept"), "text/html");
        assertEquals(431, limits.check(exchange), "41 fields");
    }

    @Test
    void aLongFieldIsFoundAmongManyNamesAndAmongTheValuesOfOne() {
        HttpServerExchange many = exchange("/", 38);
        many.getRequestHeaders().add(new HttpString("X-Late"), "v".repeat(60 - "X-Late: ".length()));
        assertEquals(0, limits.check(many), "exactly at the field limit");
        many.getRequestHeaders().add(new HttpString("X-Field-17"), "w".repeat(60));
        assertEquals(431, limits.check(many), "a second value of the 17th name, over the limit");
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413AndNoLimitMeansNone() {
        HttpServerExchange exchange = exchange("/", 1);
        exchange.getRequestHeaders().put(new HttpString("Content-Length"), "1001");
        assertEquals(413, limits.check(exchange));
        assertEquals(0, new RequestLimits(100, 40, 60, 0).check(exchange));
        exchange.getRequestHeaders().put(new HttpString("Content-Length"), " 1000 ");
        assertEquals(0, limits.check(exchange));
    }

    /** A GET of {@code path} with a Host field and {@code fields - 1} more, each with its own name. */
    private static HttpServerExchange exchange(String path, int fields) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.setRequestMethod(Methods.GET);
        exchange.setProtocol(Protocols.HTTP_1_1);
        exchange.setRequestURI(path);
        exchange.setQueryString("");
        exchange.getRequestHeaders().put(new HttpString("Host"), "example.com");
        for (int i = 1; i < fields; i++) {
            exchange.getRequestHeaders().put(new HttpString("X-Field-" + i), "value " + i);
        }
        return exchange;
    }
}
