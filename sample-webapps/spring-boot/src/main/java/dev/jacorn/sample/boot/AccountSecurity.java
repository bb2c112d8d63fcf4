package dev.jacorn.sample.boot;

import java.security.Principal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Security form login for {@code /account/**} only (user {@code alice}, password
 * {@code alice}): the logged-in user lives in the HTTP session, which is what the session tests
 * check across reloads and hosts. Every other path ({@code /api/**}, the benchmarks) is outside
 * this filter chain.
 */
@Configuration
@RestController
public class AccountSecurity {

    @Bean
    SecurityFilterChain accountChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/account/**", "/login", "/logout")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(form -> form.defaultSuccessUrl("/account/whoami").permitAll())
                .logout(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice").roles("USER").build());
    }

    @GetMapping(value = "/account/whoami", produces = "text/plain")
    public String whoami(Principal principal) {
        return principal.getName() + "\n";
    }
}
