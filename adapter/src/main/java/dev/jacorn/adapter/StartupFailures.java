package dev.jacorn.adapter;

import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.LifecycleInterceptor;
import io.undertow.servlet.api.ServletInfo;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds what an operator can act on when an application fails to start ({@link #actionableCause}),
 * and remembers the first servlet or filter whose {@code init} threw while the deployment started.
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

    /**
     * The exception of {@code failure}'s cause chain that names what to fix: the outermost one
     * thrown by the application's own code (its throwing frame is a class of
     * {@code applicationLoaderName}, the web-app class loader's name), else the outermost one thrown
     * by the container step that failed. Either way, an exception that only wraps its cause (no
     * message, or its cause's {@code toString()} as message) is passed over for that cause. The
     * innermost link is often the wrong answer: a library that tries an optional integration
     * (OSGi, say) before it gives up leaves that attempt's {@code ClassNotFoundException} at the
     * bottom of the chain, under the library's own explanation.
     */
    static Throwable actionableCause(Throwable failure, String applicationLoaderName) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable link = failure; link != null && !chain.contains(link); link = link.getCause()) {
            chain.add(link);
        }
        for (Throwable link : chain) {
            if (!isWrapper(link) && isThrownBy(link, applicationLoaderName)) {
                return link;
            }
        }
        for (Throwable link : chain) {
            if (!isWrapper(link)) {
                return link;
            }
        }
        return chain.get(chain.size() - 1);
    }

    private static boolean isWrapper(Throwable link) {
        Throwable cause = link.getCause();
        if (cause == null) {
            return false;
        }
        String message = link.getMessage();
        return message == null || message.isBlank() || message.equals(cause.toString())
                || link instanceof java.lang.reflect.InvocationTargetException;
    }

    private static boolean isThrownBy(Throwable link, String loaderName) {
        StackTraceElement[] frames = link.getStackTrace();
        return frames.length > 0 && loaderName.equals(frames[0].getClassLoaderName());
    }
}
