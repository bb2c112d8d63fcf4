package dev.jacorn.adapter;

import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.LifecycleInterceptor;
import io.undertow.servlet.api.ServletInfo;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;

/**
 * Remembers the first servlet or filter whose {@code init} threw while the deployment started.
 * Undertow logs such a failure and starts anyway, leaving the servlet unavailable; Jacorn treats
 * it as the application failing to start (exit 3), like a listener or initializer that throws,
 * because a half-started application behind a READY worker answers nothing but errors. A servlet
 * initialized later, on its first request, is not watched: that failure is the request's.
 *
 * <p>{@link #init} runs on the deploying thread during start, and on request threads afterwards.
 */
final class StartupFailures implements LifecycleInterceptor {

    private volatile boolean starting = true;
    private volatile ServletException first;

    @Override
    public void init(ServletInfo servletInfo, Servlet servlet, LifecycleContext context) throws ServletException {
        watch(context);
    }

    @Override
    public void init(FilterInfo filterInfo, Filter filter, LifecycleContext context) throws ServletException {
        watch(context);
    }

    private void watch(LifecycleContext context) throws ServletException {
        try {
            context.proceed();
        } catch (ServletException | RuntimeException e) {
            if (starting && first == null) {
                first = e instanceof ServletException servlet ? servlet : new ServletException(e);
            }
            throw e;
        }
    }

    @Override
    public void destroy(ServletInfo servletInfo, Servlet servlet, LifecycleContext context) throws ServletException {
        context.proceed();
    }

    @Override
    public void destroy(FilterInfo filterInfo, Filter filter, LifecycleContext context) throws ServletException {
        context.proceed();
    }

    /**
     * Ends the watch, and throws the first failure seen while starting, if any.
     *
     * @throws ServletException the failure of the servlet or filter that did not start
     */
    void started() throws ServletException {
        starting = false;
        if (first != null) {
            throw first;
        }
    }
}
