package dev.jacorn.samples.springmvc;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewResolverRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The DispatcherServlet's context: controllers, JSP views under {@code /WEB-INF/jsp/} through an
 * {@code InternalResourceViewResolver} (a {@code JstlView}, since JSTL is in the WAR), static files
 * under {@code /static/}, and the messages the pages show with {@code <fmt:message>}. Bean
 * Validation is {@code @EnableWebMvc}'s default: Hibernate Validator, found in WEB-INF/lib.
 */
@Configuration
@EnableWebMvc
@ComponentScan(basePackageClasses = OwnerController.class)
public class WebConfig implements WebMvcConfigurer {

    @Override
    public void configureViewResolvers(ViewResolverRegistry registry) {
        registry.jsp("/WEB-INF/jsp/", ".jsp");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/static/**").addResourceLocations("/static/");
    }

    @Bean
    public MessageSource messageSource() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
