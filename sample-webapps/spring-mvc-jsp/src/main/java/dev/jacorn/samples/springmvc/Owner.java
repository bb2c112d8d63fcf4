package dev.jacorn.samples.springmvc;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The form's bean. Its constraints use the three kinds of message Bean Validation has: the
 * provider's own ({@code @NotBlank}), one from the application's {@code ValidationMessages}
 * bundle ({@code @Pattern}), and one with an EL expression ({@code @Email}), which Hibernate
 * Validator evaluates with the container's Expression Language, as on Tomcat.
 */
public class Owner {

    private Long id;

    @NotBlank
    @Size(max = 30)
    private String firstName;

    @NotBlank
    @Size(max = 30)
    private String lastName;

    @NotBlank
    @Email(message = "'${validatedValue}' is not an e-mail address")
    private String email;

    @Pattern(regexp = "\\d{1,10}", message = "{owner.telephone.digits}")
    private String telephone;

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }

    public String getFirstName() {
        return firstName;
    }

    public void setFirstName(String firstName) {
        this.firstName = firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public void setLastName(String lastName) {
        this.lastName = lastName;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getTelephone() {
        return telephone;
    }

    public void setTelephone(String telephone) {
        this.telephone = telephone;
    }
}
