package dev.jacorn.adapter;

import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.Resource;
import io.undertow.server.handlers.resource.ResourceChangeListener;
import io.undertow.server.handlers.resource.ResourceManager;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The static resources of one deployment, looked up in order: the web root (the unpacked WAR),
 * then {@code META-INF/resources} inside the WEB-INF/lib jars, in the jars' order (Servlet 6.1,
 * section 4.6). The jars are read through a loader of their own that sees nothing else, so
 * classes and the JDK never appear as resources. Undertow's default servlet serves what this
 * finds; {@link ProtectedPaths} keeps WEB-INF and META-INF out of reach first.
 *
 * <p>Created per deployment and closed by Undertow when it is undeployed. Thread-safe.
 */
final class WebResources implements ResourceManager {

    private final ResourceManager root;
    private final URLClassLoader jars;
    private final ResourceManager jarResources;

    private WebResources(ResourceManager root, URLClassLoader jars, ResourceManager jarResources) {
        this.root = root;
        this.jars = jars;
        this.jarResources = jarResources;
    }

    static ResourceManager of(Path webRoot, List<Path> libJars) {
        // No change listeners: they start a file-watcher thread that outlives the deployment and
        // holds its class loader (every reload would leak one); Jacorn reloads whole workers instead.
        ResourceManager root = PathResourceManager.builder().setBase(webRoot).setFollowLinks(false)
                .setCaseSensitive(true).setAllowResourceChangeListeners(false).build();
        if (libJars.isEmpty()) {
            return root;
        }
        URL[] urls = libJars.stream().map(WebResources::url).toArray(URL[]::new);
        URLClassLoader jars = new URLClassLoader("jacorn-resources", urls, null);
        return new WebResources(root, jars, new JarResources(jars));
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
