package dev.jacorn.sample.classic;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Mapped to {@code /*} in web.xml; adds {@code X-Classic-Filter} with its init-param value. */
public class HeaderFilter implements Filter {

    private String headerValue;

    @Override
    public void init(FilterConfig config) {
        headerValue = config.getInitParameter("header-value");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ((HttpServletResponse) response).setHeader("X-Classic-Filter", headerValue);
        chain.doFilter(request, response);
    }
}
