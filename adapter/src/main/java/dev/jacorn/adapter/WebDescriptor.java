package dev.jacorn.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jboss.metadata.parser.servlet.WebFragmentMetaDataParser;
import org.jboss.metadata.parser.servlet.WebMetaDataParser;
import org.jboss.metadata.parser.util.MetaDataElementParser;
import org.jboss.metadata.property.PropertyReplacers;
import org.jboss.metadata.web.spec.FilterMetaData;
import org.jboss.metadata.web.spec.ServletMetaData;
import org.jboss.metadata.web.spec.LoginConfigMetaData;
import org.jboss.metadata.web.spec.WebCommonMetaData;
import org.jboss.metadata.web.spec.WebFragmentMetaData;
import org.jboss.metadata.web.spec.WebMetaData;

/**
 * An application's deployment descriptors: {@code WEB-INF/web.xml} (optional) and the
 * {@code META-INF/web-fragment.xml} of its WEB-INF/lib jars, in the order the specification
 * gives them (see {@link FragmentOrder}). When web.xml is {@code metadata-complete}, fragments are
 * not read at all and annotations are not scanned.
 *
 * <p>Read once when the application is prepared and shared by every deployment of it; the
 * jboss-metadata model is only read afterwards, never changed.
 *
 * @param webXml the parsed web.xml, or {@code null} when the application has none
 * @param fragments the fragments to apply, in order
 * @param excludedJars WEB-INF/lib jars that an {@code absolute-ordering} leaves out: neither their
 *     fragment nor their annotations are used
 */
record WebDescriptor(WebMetaData webXml, List<Fragment> fragments, Set<Path> excludedJars) {

    /** Login methods Jacorn can enforce with its realm; DIGEST needs clear passwords, which it never holds. */
    private static final Set<String> SUPPORTED_AUTH_METHODS = Set.of("BASIC", "FORM", "CLIENT-CERT");

    /** One {@code web-fragment.xml}, and the jar it came from. */
    record Fragment(Path jar, WebFragmentMetaData metaData) {
        String name() {
            return metaData.getName();
        }
    }

    WebDescriptor {
        fragments = List.copyOf(fragments);
        excludedJars = Set.copyOf(excludedJars);
    }

    /** No web.xml and no fragments: an annotations-only application. */
    static WebDescriptor none() {
        return new WebDescriptor(null, List.of(), Set.of());
    }

    /** Whether annotations must be ignored: web.xml says {@code metadata-complete="true"}. */
    boolean isMetadataComplete() {
        return webXml != null && webXml.isMetadataComplete();
    }

    /** The first declaration of servlet {@code name} in web.xml or the fragments, or {@code null}. */
    ServletMetaData servlet(String name) {
        for (WebCommonMetaData descriptor : descriptors()) {
            if (descriptor.getServlets() != null && descriptor.getServlets().get(name) != null) {
                return descriptor.getServlets().get(name);
            }
        }
        return null;
    }

    /** The first declaration of filter {@code name} in web.xml or the fragments, or {@code null}. */
    FilterMetaData filter(String name) {
        for (WebCommonMetaData descriptor : descriptors()) {
            if (descriptor.getFilters() != null && descriptor.getFilters().get(name) != null) {
                return descriptor.getFilters().get(name);
            }
        }
        return null;
    }

    private List<WebCommonMetaData> descriptors() {
        List<WebCommonMetaData> all = new ArrayList<>();
        if (webXml != null) {
            all.add(webXml);
        }
        fragments.forEach(fragment -> all.add(fragment.metaData()));
        return all;
    }

    /**
     * Reads web.xml under {@code root} and the fragments of {@code jars}.
     *
     * @throws AppLoadException when a descriptor is not valid XML for its schema, its fragments
     *     cannot be ordered, or it asks for a login method Jacorn cannot enforce
     */
    static WebDescriptor read(String appName, Path root, List<Path> jars) {
        Path file = root.resolve("WEB-INF/web.xml");
        WebMetaData webXml = Files.isRegularFile(file) ? parseWebXml(appName, file) : null;
        checkLoginConfig(appName, "WEB-INF/web.xml", webXml);
        if (webXml != null && webXml.isMetadataComplete()) {
            return new WebDescriptor(webXml, List.of(), Set.of());
        }
        List<Fragment> found = new ArrayList<>();
        for (Path jar : jars) {
            WebFragmentMetaData fragment = parseFragment(appName, jar);
            if (fragment != null) {
                checkLoginConfig(appName, "META-INF/web-fragment.xml of " + jar.getFileName(), fragment);
                found.add(new Fragment(jar, fragment));
            }
        }
        FragmentOrder order = FragmentOrder.of(appName, jars, found,
                webXml == null ? null : webXml.getAbsoluteOrdering());
        return new WebDescriptor(webXml, order.fragments(), order.excludedJars());
    }

    private static WebMetaData parseWebXml(String appName, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MetaDataElementParser.DTDInfo dtd = new MetaDataElementParser.DTDInfo();
            return WebMetaDataParser.parse(newReader(in, dtd), dtd, PropertyReplacers.noop());
        } catch (XMLStreamException | IOException | RuntimeException e) {
            throw new AppLoadException("WEB-INF/web.xml of " + appName + " could not be read: " + oneLine(e)
                    + "; fix the descriptor and redeploy.", e);
        }
    }

    private static WebFragmentMetaData parseFragment(String appName, Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("META-INF/web-fragment.xml");
            if (entry == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return WebFragmentMetaDataParser.parse(newReader(in, new MetaDataElementParser.DTDInfo()),
                        PropertyReplacers.noop());
            }
        } catch (XMLStreamException | IOException | RuntimeException e) {
            throw new AppLoadException("META-INF/web-fragment.xml in WEB-INF/lib/" + jar.getFileName() + " of "
                    + appName + " could not be read: " + oneLine(e) + "; fix or remove that jar.", e);
        }
    }

    private static XMLStreamReader newReader(InputStream in, XMLResolver dtd) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // Old (2.2/2.3) descriptors name a DTD: the resolver records which, fetching nothing.
        // External entities are never needed; refusing them closes XXE.
        factory.setXMLResolver(dtd);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory.createXMLStreamReader(in);
    }

    private static void checkLoginConfig(String appName, String where, WebCommonMetaData descriptor) {
        LoginConfigMetaData login = descriptor == null ? null : descriptor.getLoginConfig();
        if (login == null || login.getAuthMethod() == null) {
            return;
        }
        String method = login.getAuthMethod().strip().toUpperCase(Locale.ROOT);
        if (!SUPPORTED_AUTH_METHODS.contains(method)) {
            throw new AppLoadException("The login-config auth-method " + login.getAuthMethod() + " in " + where
                    + " of " + appName + " is not supported; Jacorn enforces BASIC, FORM and CLIENT-CERT.");
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
