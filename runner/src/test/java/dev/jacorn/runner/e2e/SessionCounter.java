package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One user clicking through an application: a client with a cookie jar that asks for the classic
 * sample's {@code /counter} (n = n + 1 in the session) one request after the other, and checks that
 * each answer is the next number.
 */
final class SessionCounter {

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(10)).build();
    private int expected;

    /** Sends one request to {@code base}/counter and returns the response. */
    HttpResponse<String> send(String base) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/counter")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One more request: the session must count it as the next one. */
    int next(String base) throws IOException, InterruptedException {
        return expectNext(send(base));
    }

    /** The response to one more request: the session must count it as the next one. */
    int expectNext(HttpResponse<String> response) {
        expected++;
        assertEquals(200, response.statusCode(), "request " + expected + ": " + response.body());
        assertEquals(expected + "\n", response.body(), "request " + expected + " saw another count");
        return expected;
    }

    /** The count the next request must see, minus one. */
    int count() {
        return expected;
    }

    /** A request that failed (503 during a store outage) did not count. */
    HttpClient client() {
        return client;
    }
}
