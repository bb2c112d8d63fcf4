package dev.jacorn.samples.jsp;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The guestbook's controller: GET shows the entries and the form (a JSP view under WEB-INF), POST
 * checks the form and either shows it again with the error or stores the entry and redirects.
 */
@WebServlet("/guestbook")
public class GuestbookServlet extends HttpServlet {

    private static final int MAX_NAME = 40;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** One signature; a public bean so that EL can read it. */
    public record Entry(String name, String message) {
        public String getName() {
            return name;
        }

        public String getMessage() {
            return message;
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        show(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        request.setCharacterEncoding("UTF-8");
        String name = request.getParameter("name") == null ? "" : request.getParameter("name").strip();
        String message = request.getParameter("message") == null ? "" : request.getParameter("message").strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            request.setAttribute("error", "Give a name of 1 to " + MAX_NAME + " characters.");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            show(request, response);
            return;
        }
        entries.add(new Entry(name, message));
        response.sendRedirect(request.getContextPath() + "/guestbook");
    }

    private void show(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        request.setAttribute("entries", entries);
        request.getRequestDispatcher("/WEB-INF/views/guestbook.jsp").forward(request, response);
    }
}
