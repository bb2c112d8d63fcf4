package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drain line names a bounded number of requests, however many a flood left running. */
class DrainLineTest {

    @Test
    void aFewRequestsAreAllNamed() {
        assertEquals("GET /a; GET /b", Arbiter.nameSome(List.of("GET /a", "GET /b")));
    }

    @Test
    void fiveThousandRequestsAreNamedTenAndCounted() {
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            requests.add("POST /upload?n=" + i + " (running 31.0 s)");
        }
        String line = Arbiter.nameSome(requests);
        assertEquals(Arbiter.NAMED_IN_ONE_LINE, line.split("POST /upload", -1).length - 1);
        assertTrue(line.endsWith("; and 4990 more"), line);
        assertTrue(line.length() < 1000, line.length() + " characters");
    }
}
