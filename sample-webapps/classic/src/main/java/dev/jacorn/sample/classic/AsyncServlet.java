package dev.jacorn.sample.classic;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Async-supported in web.xml. Leaves the request thread at once and answers from a container
 * thread ({@link AsyncContext#start}) after the optional {@code delayMs} (0..10000, default 0).
 */
public class AsyncServlet extends HttpServlet {

    private static final long MAX_DELAY_MS = 10_000;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        long delayMs = parseDelay(req.getParameter("delayMs"));
        if (delayMs < 0) {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(MAX_DELAY_MS + 5_000);
        async.start(() -> {
            try {
                Thread.sleep(delayMs);
                HttpServletResponse response = (HttpServletResponse) async.getResponse();
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().print("async: done after " + delayMs + " ms\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                async.complete();
            }
        });
    }

    /** Returns the delay, or -1 when the parameter is not a number in 0..10000. */
    private static long parseDelay(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            long delay = Long.parseLong(value);
            return delay >= 0 && delay <= MAX_DELAY_MS ? delay : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
