package dev.jacorn.samples.validation;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates a registration with Bean Validation. The messages interpolate {@code ${validatedValue}},
 * an EL expression, so Hibernate Validator needs Expression Language from the container. The
 * validator is built when the servlet starts: without EL the application fails to start.
 */
@WebServlet(urlPatterns = "/register", loadOnStartup = 1)
public class RegisterServlet extends HttpServlet {

    private transient ValidatorFactory factory;
    private transient Validator validator;

    /** What is registered. */
    public record Registration(
            @NotBlank @Size(min = 2, max = 40, message = "name must be {min} to {max} characters, was '${validatedValue}'")
            String name,
            @Email(message = "'${validatedValue}' is not an e-mail address")
            String email) {
    }

    @Override
    public void init() throws ServletException {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Registration registration = new Registration(request.getParameter("name"), request.getParameter("email"));
        Set<String> messages = new TreeSet<>();
        for (ConstraintViolation<Registration> violation : validator.validate(registration)) {
            messages.add(violation.getMessage());
        }
        response.setContentType("text/plain;charset=UTF-8");
        if (!messages.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.getWriter().print(String.join("\n", messages) + "\n");
            return;
        }
        response.getWriter().print("registered " + registration.name() + "\n");
    }

    @Override
    public void destroy() {
        if (factory != null) {
            factory.close();
        }
    }
}
