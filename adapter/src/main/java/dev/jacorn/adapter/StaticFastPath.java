package dev.jacorn.adapter;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.RangeAwareResource;
import io.undertow.server.handlers.resource.Resource;
import io.undertow.servlet.api.Deployment;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.FilterMappingInfo;
import io.undertow.servlet.api.ListenerInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.handlers.DefaultServlet;
import io.undertow.servlet.handlers.ServletPathMatch;
import io.undertow.servlet.handlers.ServletPathMatches;
import io.undertow.util.CanonicalPathUtils;
import io.undertow.util.DateUtils;
import io.undertow.util.ETag;
import io.undertow.util.ETagUtils;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a web application's static files from memory on the I/O thread, without the servlet
 * layer and without the hand-off to a request thread, when nothing of the application could see
 * the request: what Tomcat's and Jetty's default servlets do from their resource caches, one step
 * further. On a machine with few cores the hand-off dominates what a small static file costs.
 *
 * <p>Only where the default servlet would answer with nothing in between, checked once per
 * deployment and per file: no security constraint, no request listener, no handler or thread-setup
 * wrapper other than Jacorn's own, the default servlet unconfigured; per path, the servlet mapping
 * is the default servlet's, no filter mapping for REQUEST could match, and the path is neither
 * protected ({@code WEB-INF}, {@code META-INF}) nor a JSP source. Per request: GET or HEAD, no
 * body, no {@code Range}, {@code If-Range}, {@code If-Match} or {@code If-Unmodified-Since}.
 * Everything else goes through the servlet path as before, and so does the first request for a
 * file: once it is answered 200 there, a request thread reads the file (up to
 * {@value #FILE_BYTES} bytes, {@value #CACHE_BYTES} bytes in all) and later requests are served
 * from that copy, with the headers the default servlet sends ({@code Content-Type} from the
 * application's MIME mappings, {@code Last-Modified}, {@code ETag}, {@code Content-Length},
 * {@code Accept-Ranges}) and its answers to {@code If-None-Match} and {@code If-Modified-Since}.
 * A copy older than {@value #FRESH_MILLIS} ms is dropped, and the file is read again after the
 * next request the servlet path answers: the same delay as the resource cache's, so a file
 * edited in an exploded WAR is served within it. As on Tomcat (without its strict compliance), a
 * static file served this way does not count as an access to the session its cookie names.
 *
 * <p>I/O threads read the map; request threads fill it. Nothing here touches the disk on an I/O
 * thread.
 */
final class StaticFastPath implements HttpHandler {

    static final int FILE_BYTES = 512 * 1024;
    static final long CACHE_BYTES = 10L * 1024 * 1024;
    static final long FRESH_MILLIS = 5_000;

    private final HttpHandler next;
    private final Deployment deployment;
    private final Executor loader;
    private final ServletPathMatches paths;
    private final List<FilterMappingInfo> requestFilters;
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();
    private final Set<String> loading = ConcurrentHashMap.newKeySet();
    private final AtomicLong cachedBytes = new AtomicLong();

    /** One file, as the default servlet would send it. */
    private record Copy(ByteBuffer content, String contentType, String lastModified, Date lastModifiedDate,
            ETag etag, boolean ranges, long loadedNanos) {

        /** By identity: {@code copies.remove(path, copy)} must not compare whole contents. */
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private StaticFastPath(HttpHandler next, Deployment deployment, Executor loader) {
        this.next = next;
        this.deployment = deployment;
        this.loader = loader;
        this.paths = deployment.getServletPaths();
        this.requestFilters = deployment.getDeploymentInfo().getFilterMappings().stream()
                .filter(m -> m.getDispatcher() == DispatcherType.REQUEST).toList();
    }

    /**
     * {@code handler} behind the fast path, or {@code handler} itself when the application has
     * something that must see every request (see the class comment).
     *
     * @param loader where files are read into memory: the worker's request threads
     */
    static HttpHandler wrap(Deployment deployment, Executor loader, HttpHandler handler) {
        return applies(deployment.getDeploymentInfo()) ? new StaticFastPath(handler, deployment, loader) : handler;
    }

    /** Whether nothing in the deployment, apart from the default servlet, could see a static file's request. */
    static boolean applies(DeploymentInfo info) {
        ServletInfo servlet = info.getServlets().get(ServletPathMatches.DEFAULT_SERVLET_NAME);
        if (servlet == null || servlet.getServletClass() != StaticFileServlet.class
                || servlet.getServletSecurityInfo() != null || info.getDefaultServletConfig() != null
                || !info.getPreCompressedResources().isEmpty()) {
            return false;
        }
        for (String parameter : List.of(DefaultServlet.DEFAULT_ALLOWED, DefaultServlet.ALLOWED_EXTENSIONS,
                DefaultServlet.DISALLOWED_EXTENSIONS, DefaultServlet.RESOLVE_AGAINST_CONTEXT_ROOT)) {
            if (servlet.getInitParams().containsKey(parameter)) {
                return false;
            }
        }
        if (!info.getSecurityConstraints().isEmpty() || !info.getOuterHandlerChainWrappers().isEmpty()
                || !info.getInnerHandlerChainWrappers().isEmpty()
                || !ours(info.getInitialHandlerChainWrappers()) || !ours(info.getThreadSetupActions())) {
            return false;
        }
        for (ListenerInfo listener : info.getListeners()) {
            if (ServletRequestListener.class.isAssignableFrom(listener.getListenerClass())
                    || ServletRequestAttributeListener.class.isAssignableFrom(listener.getListenerClass())) {
                return false;
            }
        }
        return true;
    }

    private static boolean ours(List<?> components) {
        return components.stream().allMatch(c -> c.getClass().getName().startsWith("dev.jacorn."));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HttpString method = exchange.getRequestMethod();
        if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
            next.handleRequest(exchange);
            return;
        }
        String path = exchange.getRelativePath();
        Copy copy = copies.get(path);
        if (copy == null) {
            // Most GETs are for the application's servlets: eligible() answers those first and cheaply.
            if (!loading.contains(path) && eligible(path) && plainRead(exchange)) {
                copyAfterwards(exchange, path);
            }
            next.handleRequest(exchange);
            return;
        }
        if (!plainRead(exchange)) {
            next.handleRequest(exchange);
            return;
        }
        if (System.nanoTime() - copy.loadedNanos() < TimeUnit.MILLISECONDS.toNanos(FRESH_MILLIS)) {
            serve(exchange, copy);
            return;
        }
        if (copies.remove(path, copy)) {
            cachedBytes.addAndGet(-copy.content().capacity());
        }
        copyAfterwards(exchange, path);
        next.handleRequest(exchange);
    }

    /** The servlet path answers this request; a 200 there means the file exists and may be copied. */
    private void copyAfterwards(HttpServerExchange exchange, String path) {
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            try {
                if (done.getStatusCode() == StatusCodes.OK) {
                    load(path);
                }
            } finally {
                nextListener.proceed();
            }
        });
    }

    /** No body and no header that only the servlet path answers (the method is GET or HEAD). */
    private static boolean plainRead(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        return exchange.getRequestContentLength() <= 0 && !headers.contains(Headers.TRANSFER_ENCODING)
                && !headers.contains(Headers.RANGE) && !headers.contains(Headers.IF_RANGE)
                && !headers.contains(Headers.IF_MATCH) && !headers.contains(Headers.IF_UNMODIFIED_SINCE);
    }

    /** Whether the default servlet, with no filter before it, would serve {@code path} as a file. */
    boolean eligible(String path) {
        if (path.isEmpty() || path.endsWith("/")) {
            return false;
        }
        ServletPathMatch match = paths.getServletHandlerByPath(path);
        if (match == null || match.getType() != ServletPathMatch.Type.NORMAL
                || !match.getServletChain().isDefaultServletMapping()
                || match.getServletChain().getManagedServlet().getServletInfo().getServletClass()
                        != StaticFileServlet.class) {
            return false;
        }
        if (path.indexOf(';') >= 0 || path.indexOf('\\') >= 0 || !path.equals(CanonicalPathUtils.canonicalize(path))
                || ProtectedPaths.isProtected(path) || StaticFileServlet.isJspSource(path)) {
            return false;
        }
        for (FilterMappingInfo filter : requestFilters) {
            if (mayMatch(filter, path)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a filter mapping could apply to a request for {@code path} that the default servlet serves. */
    static boolean mayMatch(FilterMappingInfo filter, String path) {
        String mapping = filter.getMapping();
        if (filter.getMappingType() == FilterMappingInfo.MappingType.SERVLET) {
            return mapping.equals("*") || mapping.equals(ServletPathMatches.DEFAULT_SERVLET_NAME);
        }
        if (mapping.equals("/*") || mapping.equals("/") || mapping.equals(path)) {
            return true;
        }
        if (mapping.endsWith("/*")) {
            String prefix = mapping.substring(0, mapping.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
        if (mapping.startsWith("*.")) {
            return path.substring(path.lastIndexOf('/') + 1).endsWith(mapping.substring(1));
        }
        return false;
    }

    /** Reads {@code path} into memory on a request thread, once at a time. */
    private void load(String path) {
        if (!loading.add(path)) {
            return;
        }
        try {
            loader.execute(() -> {
                try {
                    Copy copy = read(path);
                    if (copy != null && cachedBytes.addAndGet(copy.content().capacity()) <= CACHE_BYTES) {
                        Copy replaced = copies.put(path, copy);
                        if (replaced != null) {
                            cachedBytes.addAndGet(-replaced.content().capacity());
                        }
                    } else if (copy != null) {
                        cachedBytes.addAndGet(-copy.content().capacity());
                    }
                } catch (IOException | RuntimeException unreadable) {
                    // Not copied: the servlet path keeps serving it and says what is wrong.
                } finally {
                    loading.remove(path);
                }
            });
        } catch (RejectedExecutionException stopping) {
            loading.remove(path);
        }
    }

    /** The file at {@code path} as the default servlet would send it, or null when it is not a small plain file. */
    private Copy read(String path) throws IOException {
        Resource resource = deployment.getDeploymentInfo().getResourceManager().getResource(path);
        Path file = resource == null || resource.isDirectory() ? null : resource.getFilePath();
        Long length = resource == null ? null : resource.getContentLength();
        if (file == null || length == null || length > FILE_BYTES || !Files.isRegularFile(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != length) {
            return null; // changed while it was read: the next request tries again
        }
        ByteBuffer content = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        String type = deployment.getServletContext().getMimeType(resource.getName());
        boolean ranges = resource instanceof RangeAwareResource aware && aware.isRangeSupported();
        return new Copy(content, type != null ? type : "application/octet-stream",
                resource.getLastModified() == null ? null : resource.getLastModifiedString(), resource.getLastModified(),
                resource.getETag(), ranges, System.nanoTime());
    }

    private static void serve(HttpServerExchange exchange, Copy copy) {
        if (!ETagUtils.handleIfNoneMatch(exchange, copy.etag(), true)
                || !DateUtils.handleIfModifiedSince(exchange, copy.lastModifiedDate())) {
            exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
            exchange.endExchange();
            return;
        }
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, copy.contentType());
        if (copy.lastModified() != null) {
            headers.put(Headers.LAST_MODIFIED, copy.lastModified());
        }
        if (copy.etag() != null) {
            headers.put(Headers.ETAG, copy.etag().toString());
        }
        headers.put(Headers.CONTENT_LENGTH, copy.content().capacity());
        if (copy.ranges()) {
            headers.put(Headers.ACCEPT_RANGES, "bytes");
        }
        if (exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.endExchange();
            return;
        }
        exchange.getResponseSender().send(copy.content().duplicate());
    }
}
