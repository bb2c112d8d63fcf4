package dev.jacorn.samples.springmvc;

import jakarta.servlet.Filter;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.servlet.support.AbstractAnnotationConfigDispatcherServletInitializer;

/**
 * Starts Spring MVC the classic way, without Spring Boot and without web.xml: the container finds
 * Spring's {@code SpringServletContainerInitializer} in {@code spring-web} and hands it this
 * {@code WebApplicationInitializer}, which registers the {@code DispatcherServlet} at {@code /}.
 */
public class ClinicInitializer extends AbstractAnnotationConfigDispatcherServletInitializer {

    @Override
    protected Class<?>[] getRootConfigClasses() {
        return new Class<?>[] {RootConfig.class};
    }

    @Override
    protected Class<?>[] getServletConfigClasses() {
        return new Class<?>[] {WebConfig.class};
    }

    @Override
    protected String[] getServletMappings() {
        return new String[] {"/"};
    }

    @Override
    protected Filter[] getServletFilters() {
        return new Filter[] {new CharacterEncodingFilter("UTF-8", true)};
    }
}
