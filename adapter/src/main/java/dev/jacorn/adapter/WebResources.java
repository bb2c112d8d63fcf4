package dev.jacorn.adapter;

import io.undertow.server.handlers.cache.DirectBufferCache;
import io.undertow.server.handlers.resource.CachingResourceManager;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.Resource;
import io.undertow.server.handlers.resource.ResourceChangeListener;
import io.undertow.server.handlers.resource.ResourceManager;
import io.undertow.util.ETag;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The static resources of one deployment, looked up in order: the web root (the unpacked WAR),
 * then {@code META-INF/resources} inside the WEB-INF/lib jars, in the jars' order (Servlet 6.1,
 * section 4.6). The jars are read through a loader of their own that sees nothing else, so
 * classes and the JDK never appear as resources. Undertow's default servlet serves what this
 * finds; {@link ProtectedPaths} keeps WEB-INF and META-INF out of reach first.
 *
 * <p>Created per deployment and closed with it ({@link Deployment}). Thread-safe.
 */
final class WebResources implements ResourceManager {

    private static final int CACHE_BYTES = 10 * 1024 * 1024;
    private static final int CACHED_FILE_BYTES = 512 * 1024;
    private static final int CACHE_MILLIS = 5_000;
    private static final int CACHE_SLICE_BYTES = 4096;
    private static final int CACHED_LOOKUPS = 1024;

    private final ResourceManager root;
    private final URLClassLoader jars;
    private final ResourceManager jarResources;

    private WebResources(ResourceManager root, URLClassLoader jars, ResourceManager jarResources) {
        this.root = root;
        this.jars = jars;
        this.jarResources = jarResources;
    }

    /**
     * The resources of a deployment, behind a cache (Tomcat's sizes): lookups and the content of
     * files up to {@value #CACHED_FILE_BYTES} bytes are kept, {@value #CACHE_BYTES} bytes at most,
     * and a cached file is checked against the disk again after {@value #CACHE_MILLIS} ms, so a
     * file edited in an exploded WAR is served within that time.
     */
    static ResourceManager of(Path webRoot, List<Path> libJars) {
        // No change listeners: they start a file-watcher thread that outlives the deployment and
        // holds its class loader (every reload would leak one); Jacorn reloads whole workers instead.
        ResourceManager root = PathResourceManager.builder().setBase(webRoot).setFollowLinks(false)
                .setCaseSensitive(true).setAllowResourceChangeListeners(false)
                .setETagFunction(WebResources::etag).build();
        ResourceManager resources = root;
        if (!libJars.isEmpty()) {
            URL[] urls = libJars.stream().map(WebResources::url).toArray(URL[]::new);
            URLClassLoader jars = new URLClassLoader("jacorn-resources", urls, null);
            resources = new WebResources(root, jars, new JarResources(jars));
        }
        // Direct memory in 1 MiB pages of 4 KiB slices, taken as files are first served.
        DirectBufferCache content = new DirectBufferCache(CACHE_SLICE_BYTES, 256, CACHE_BYTES);
        return new CachingResourceManager(CACHED_LOOKUPS, CACHED_FILE_BYTES, content, resources, CACHE_MILLIS);
    }

    /**
     * A weak validator from the file's size and modification time, as Tomcat's; computed when the
     * cache first takes the file, so If-None-Match is answered 304 without reading the disk.
     */
    private static ETag etag(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return null;
            }
            return new ETag(true, attributes.size() + "-" + attributes.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new AppLoadException("WEB-INF/lib entry " + jar + " is not a valid path.", e);
        }
    }

    @Override
    public Resource getResource(String path) throws IOException {
        Resource own = root.getResource(path);
        if (own != null) {
            return own;
        }
        return jarResources.getResource(path);
    }

    @Override
    public boolean isResourceChangeListenerSupported() {
        return false;
    }

    @Override
    public void registerResourceChangeListener(ResourceChangeListener listener) {
    }

    @Override
    public void removeResourceChangeListener(ResourceChangeListener listener) {
    }

    @Override
    public void close() throws IOException {
        try {
            root.close();
        } finally {
            jars.close();
        }
    }

    /** {@code META-INF/resources/**} of the jars; a lookup never climbs out of that folder. */
    private static final class JarResources extends io.undertow.server.handlers.resource.ClassPathResourceManager {
        JarResources(ClassLoader jars) {
            super(jars, "META-INF/resources");
        }

        @Override
        public Resource getResource(String path) throws IOException {
            if (path.contains("..") || path.contains("\\")) {
                return null;
            }
            return super.getResource(path);
        }
    }
}
