package dev.jacorn.adapter;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.metadata.web.spec.WebCommonMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application read from its source and ready to be deployed any number of times: the WAR is
 * unpacked, the classpath is known and the classes are indexed. Each {@link #deploy} builds a new,
 * independent deployment with its own class loader (one per worker).
 *
 * <p>Immutable and safe to share between threads once prepared.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private final AppSource source;
    private final Path root;
    private final List<Path> classpath;
    private final List<Path> libJars;
    private final ClassIndex index;
    private final WebDescriptor descriptor;
    private final Realm realm;
    private final WorkDir workDir;
    private final boolean usesJsp;
    private final JspOptions jspOptions;

    private Application(AppSource source, Path root, List<Path> classpath, List<Path> libJars, ClassIndex index,
            WebDescriptor descriptor, Realm realm, WorkDir workDir, JspOptions jspOptions) {
        this.source = source;
        this.root = root;
        this.classpath = List.copyOf(classpath);
        this.libJars = List.copyOf(libJars);
        this.index = index;
        this.descriptor = descriptor;
        this.realm = realm;
        this.workDir = workDir;
        this.usesJsp = root != null && JspPages.usesJsp(root, descriptor);
        this.jspOptions = jspOptions;
    }

    /**
     * Reads the source: unpacks a WAR into {@code workDir}, lists its classpath and indexes it.
     *
     * @throws AppLoadException when the source cannot be read, or a servlet class is missing or is
     *     not a servlet
     */
    public static Application prepare(AppSource source, Path workDir) {
        return prepare(source, workDir, Realm.empty());
    }

    /**
     * Reads the source as {@link #prepare(AppSource, Path)} does; the application's declarative
     * security authenticates the users of {@code realm}.
     *
     * @throws AppLoadException as {@link #prepare(AppSource, Path)}, and when a deployment
     *     descriptor is invalid
     */
    public static Application prepare(AppSource source, Path workDir, Realm realm) {
        return prepare(source, WorkDir.open(workDir, false, UnpackLimits.DEFAULT), realm, JspOptions.DEFAULT);
    }

    /**
     * Reads the source as {@link #prepare(AppSource, Path, Realm)} does, in an opened work
     * directory, whose unpack limits apply; its JSP pages, if it has any, are compiled as
     * {@code jsp} says.
     *
     * @throws AppLoadException as {@link #prepare(AppSource, Path, Realm)}
     */
    public static Application prepare(AppSource source, WorkDir workDir, Realm realm, JspOptions jsp) {
        // Java 17 has no pattern switch; the three cases are the sealed interface's permits.
        if (source instanceof AppSource.WarFile war) {
            return fromRoot(source, WarFiles.explode(war.war(), workDir), workDir, realm, jsp);
        }
        if (source instanceof AppSource.ExplodedWar dir) {
            return fromRoot(source, dir.root().toAbsolutePath().normalize(), workDir, realm, jsp);
        }
        return fromServletClass((AppSource.ServletClass) source, realm);
    }

    private static Application fromRoot(AppSource source, Path root, WorkDir workDir, Realm realm, JspOptions jsp) {
        // A packed archive without WEB-INF/ was refused when it was unpacked (WarFiles): both agree.
        if (!Files.isDirectory(root.resolve("WEB-INF")) && source instanceof AppSource.ExplodedWar) {
            throw new AppLoadException("APP " + root + " is a directory without WEB-INF; give an exploded WAR"
                    + " directory (with WEB-INF/classes or WEB-INF/web.xml) or a .war file.");
        }
        List<Path> classpath = new ArrayList<>();
        Path classes = root.resolve("WEB-INF/classes");
        if (Files.isDirectory(classes)) {
            classpath.add(classes);
        }
        List<Path> libJars = new ArrayList<>();
        Path lib = root.resolve("WEB-INF/lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(libJars::add);
            } catch (IOException e) {
                throw new AppLoadException("WEB-INF/lib of " + source.name() + " could not be listed; check its"
                        + " permissions.", e);
            }
        }
        classpath.addAll(libJars);
        WebDescriptor descriptor = WebDescriptor.read(source.name(), root, libJars);
        long started = System.nanoTime();
        Map<Path, String> contents = source instanceof AppSource.WarFile ? WarFiles.jarIdentities(root) : Map.of();
        ClassIndex index = ClassIndex.of(classpath, workDir.path().resolve("index-cache"), contents);
        LOG.info("Indexed {} ({} classpath entries) in {} ms", source.name(), classpath.size(),
                (System.nanoTime() - started) / 1_000_000);
        return new Application(source, root, classpath, libJars, index, descriptor, realm, workDir, jsp);
    }

    private static Application fromServletClass(AppSource.ServletClass servlet, Realm realm) {
        for (Path entry : servlet.classpath()) {
            if (!Files.exists(entry)) {
                throw new AppLoadException("--classpath entry " + entry + " does not exist; give existing jars"
                        + " or directories.");
            }
        }
        Application app = new Application(servlet, null, servlet.classpath(), List.of(),
                ClassIndex.of(servlet.classpath()), WebDescriptor.none(), realm, null, JspOptions.DEFAULT);
        app.checkServletClass(servlet.className());
        return app;
    }

    private void checkServletClass(String className) {
        try (WebAppClassLoader probe = newClassLoader()) {
            Class<?> type = Class.forName(className, false, probe);
            if (!Servlet.class.isAssignableFrom(type)) {
                throw new AppLoadException("Class " + className + " is not a servlet; give a class that extends"
                        + " jakarta.servlet.http.HttpServlet (or implements jakarta.servlet.Servlet).");
            }
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new AppLoadException("Class " + className + " was not found on --classpath " + classpath
                    + "; check the class name and the classpath.", e);
        } catch (IOException e) {
            throw new AppLoadException("Class " + className + " could not be checked: " + e.getMessage(), e);
        }
    }

    /**
     * Deploys and starts a new instance of the application.
     *
     * @throws AppBootException when the application throws while it starts
     */
    public Deployment deploy(DeployOptions options) {
        return DeploymentAssembler.deploy(this, options);
    }

    WebAppClassLoader newClassLoader() {
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classpath.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new AppLoadException("Classpath entry " + classpath.get(i) + " is not a valid path.", e);
            }
        }
        return usesJsp ? WebAppClassLoader.ofJspEngine(source.name(), urls, Servlet.class.getClassLoader())
                : new WebAppClassLoader(source.name(), urls, Servlet.class.getClassLoader());
    }

    public AppSource source() {
        return source;
    }

    public String name() {
        return source.name();
    }

    public String contextPath() {
        return source.contextPath();
    }

    /** The unpacked web root, or {@code null} for a servlet class. */
    public Path root() {
        return root;
    }

    /** A deployment starts serving from this application's files: its unpacked version is kept. */
    void retainFiles() {
        if (workDir != null && root != null) {
            workDir.retain(root);
        }
    }

    void releaseFiles() {
        if (workDir != null && root != null) {
            workDir.release(root);
        }
    }

    /**
     * Whether the login config that applies (web.xml's, else the first fragment's that has one)
     * says {@code CLIENT-CERT}: users then log in with a TLS client certificate.
     */
    public boolean logsInByClientCertificate() {
        List<WebCommonMetaData> descriptors = new ArrayList<>();
        if (descriptor.webXml() != null) {
            descriptors.add(descriptor.webXml());
        }
        descriptor.fragments().forEach(fragment -> descriptors.add(fragment.metaData()));
        for (WebCommonMetaData declared : descriptors) {
            if (declared.getLoginConfig() != null && declared.getLoginConfig().getAuthMethod() != null) {
                return declared.getLoginConfig().getAuthMethod().strip().equalsIgnoreCase("CLIENT-CERT");
            }
        }
        return false;
    }

    /** Whether web.xml, a fragment or a {@code @ServletSecurity} annotation declares security constraints. */
    public boolean declaresSecurityConstraints() {
        if (descriptor.webXml() != null && descriptor.webXml().getSecurityConstraints() != null
                && !descriptor.webXml().getSecurityConstraints().isEmpty()) {
            return true;
        }
        if (descriptor.fragments().stream().anyMatch(f -> f.metaData().getSecurityConstraints() != null
                && !f.metaData().getSecurityConstraints().isEmpty())) {
            return true;
        }
        return !descriptor.isMetadataComplete() && !index.all()
                .getAnnotations(org.jboss.jandex.DotName.createSimple("jakarta.servlet.annotation.ServletSecurity"))
                .isEmpty();
    }

    ClassIndex index() {
        return index;
    }

    /** The jars of WEB-INF/lib, in classpath order. */
    List<Path> libJars() {
        return libJars;
    }

    WebDescriptor descriptor() {
        return descriptor;
    }

    Realm realm() {
        return realm;
    }

    /** Whether the application has JSP pages, tag files, {@code jsp-file} servlets or a {@code jsp-config}. */
    boolean usesJsp() {
        return usesJsp;
    }

    JspOptions jspOptions() {
        return jspOptions;
    }
}
