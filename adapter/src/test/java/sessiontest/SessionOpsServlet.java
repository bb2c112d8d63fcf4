package sessiontest;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One session operation per request ({@code ?op=...}), answering one line of text; for SharedSessionsTest. */
public class SessionOpsServlet extends HttpServlet {

    @Override
    @SuppressWarnings("unchecked")
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getParameter("op");
        String answer;
        switch (op) {
            case "count" -> {
                HttpSession session = req.getSession();
                Integer n = (Integer) session.getAttribute("n");
                session.setAttribute("n", n == null ? 1 : n + 1);
                answer = String.valueOf(session.getAttribute("n"));
            }
            case "append" -> {
                HttpSession session = req.getSession();
                List<String> list = (List<String>) session.getAttribute("list");
                if (list == null) {
                    session.setAttribute("list", list = new ArrayList<>());
                }
                // Changed in place, without a second setAttribute.
                list.add(req.getParameter("v"));
                answer = list.toString();
            }
            case "pin" -> {
                Object pinned = new Object();
                req.getSession().setAttribute("thread", pinned);
                getServletContext().setAttribute("pinned", new WeakReference<>(pinned));
                answer = "pinned";
            }
            case "pinnedReleased" -> answer = String.valueOf(released((WeakReference<?>) getServletContext().getAttribute("pinned")));
            case "has" -> {
                HttpSession session = req.getSession(false);
                answer = session == null ? "no session" : String.valueOf(session.getAttribute(req.getParameter("name")) != null);
            }
            case "track" -> {
                req.getSession().setAttribute("tracked", new Tracked());
                answer = "tracked";
            }
            case "touch" -> {
                answer = String.valueOf(req.getSession().getAttribute("tracked") != null);
            }
            case "remove" -> {
                req.getSession().removeAttribute(req.getParameter("name"));
                answer = "removed";
            }
            case "setText" -> {
                String text = new String(req.getParameter("v").toCharArray());
                req.getSession().setAttribute("text", text);
                answer = String.valueOf(System.identityHashCode(text));
            }
            case "textIdentity" -> answer = String.valueOf(System.identityHashCode(req.getSession().getAttribute("text")));
            case "hold" -> {
                // Reads n, then waits (the test meanwhile changes the session) before setting another attribute.
                HttpSession session = req.getSession();
                Object n = session.getAttribute("n");
                Path gate = Path.of(req.getParameter("gate"));
                Files.createFile(gate.resolve("held"));
                awaitFile(gate.resolve("go"));
                session.setAttribute("held", "done");
                answer = String.valueOf(n);
            }
            case "changeId" -> answer = req.changeSessionId();
            case "timeout" -> {
                req.getSession().setMaxInactiveInterval(Integer.parseInt(req.getParameter("s")));
                answer = "timeout set";
            }
            case "id" -> {
                HttpSession session = req.getSession(false);
                answer = session == null ? "none" : session.getId();
            }
            case "invalidate" -> {
                req.getSession().invalidate();
                answer = "invalidated";
            }
            case "useInvalidated" -> answer = useInvalidated(req.getSession(), req.getParameter("stored") != null);
            case "events" -> {
                List<String> events = Events.of(getServletContext());
                synchronized (events) {
                    answer = String.join(",", events);
                    events.clear();
                }
            }
            default -> answer = "unknown op";
        }
        resp.setContentType("text/plain");
        resp.getWriter().print(answer);
    }

    /** Whether the last pinned value was collected: no session (on this worker or elsewhere) holds it any more. */
    private static boolean released(WeakReference<?> pinned) {
        for (int i = 0; i < 20 && pinned.get() != null; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return pinned.get() == null;
    }

    /** Waits up to 20 s for {@code file} to exist (the gate of {@code op=hold}, on either side of it). */
    public static void awaitFile(Path file) throws IOException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(file)) {
            if (System.nanoTime() > end) {
                throw new IOException(file + " did not appear");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Invalidates the session, then calls each method that must refuse an invalid session: which did. */
    private static String useInvalidated(HttpSession session, boolean stored) {
        if (!stored) {
            session.setAttribute("n", 1);
        }
        session.invalidate();
        Map<String, Runnable> uses = new LinkedHashMap<>();
        uses.put("getAttribute", () -> session.getAttribute("n"));
        uses.put("getAttributeNames", session::getAttributeNames);
        uses.put("setAttribute", () -> session.setAttribute("m", 2));
        uses.put("removeAttribute", () -> session.removeAttribute("n"));
        uses.put("getCreationTime", session::getCreationTime);
        uses.put("getLastAccessedTime", session::getLastAccessedTime);
        uses.put("isNew", session::isNew);
        uses.put("invalidate", session::invalidate);
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, Runnable> use : uses.entrySet()) {
            try {
                use.getValue().run();
            } catch (IllegalStateException e) {
                refused.add(use.getKey());
            }
        }
        return "refused " + String.join(",", refused);
    }
}
