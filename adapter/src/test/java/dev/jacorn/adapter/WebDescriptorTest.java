package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading web.xml and web fragments, and the order fragments apply in. */
class WebDescriptorTest {

    private static final String NS = "xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.1\"";

    @TempDir
    Path root;

    @Test
    void relativeOrderingPutsBeforeOthersFirstAfterOthersLastAndHonoursNames() throws IOException {
        List<Path> jars = List.of(
                fragment("1-a.jar", "a", "<ordering><after><others/></after></ordering>"),
                fragment("2-b.jar", "b", "<ordering><before><others/></before></ordering>"),
                fragment("3-d.jar", "d", "<ordering><after><name>c</name></after></ordering>"),
                fragment("4-c.jar", "c", ""),
                jar("5-plain.jar"));
        WebDescriptor descriptor = WebDescriptor.read("app", root, jars);
        assertEquals(List.of("b", "c", "d", "a"), names(descriptor));
        assertEquals(Set.of(), descriptor.excludedJars());
    }

    @Test
    void absoluteOrderingWithoutOthersExcludesTheJarsItDoesNotName() throws IOException {
        webXml("<absolute-ordering><name>b</name><name>a</name></absolute-ordering>");
        Path a = fragment("a.jar", "a", "");
        Path b = fragment("b.jar", "b", "");
        Path c = fragment("c.jar", "c", "");
        Path plain = jar("plain.jar");
        WebDescriptor descriptor = WebDescriptor.read("app", root, List.of(a, b, c, plain));
        assertEquals(List.of("b", "a"), names(descriptor));
        assertEquals(Set.of(c, plain), descriptor.excludedJars());
    }

    @Test
    void absoluteOrderingOthersStandsForEveryJarNotNamed() throws IOException {
        webXml("<absolute-ordering><others/><name>a</name></absolute-ordering>");
        List<Path> jars = List.of(fragment("a.jar", "a", ""), fragment("b.jar", "b", ""), fragment("c.jar", "c", ""));
        WebDescriptor descriptor = WebDescriptor.read("app", root, jars);
        assertEquals(List.of("b", "c", "a"), names(descriptor));
        assertEquals(Set.of(), descriptor.excludedJars());
    }

    @Test
    void aMetadataCompleteWebXmlReadsNoFragment() throws IOException {
        Files.createDirectories(root.resolve("WEB-INF"));
        Files.writeString(root.resolve("WEB-INF/web.xml"), "<web-app " + NS + " metadata-complete=\"true\"/>");
        WebDescriptor descriptor = WebDescriptor.read("app", root, List.of(fragment("a.jar", "a", "")));
        assertTrue(descriptor.isMetadataComplete());
        assertEquals(List.of(), descriptor.fragments());
    }

    @Test
    void orderingCyclesInvalidXmlAndDigestLoginAreRefusedNamingTheCulprit() throws IOException {
        List<Path> cycle = List.of(fragment("a.jar", "a", "<ordering><after><name>b</name></after></ordering>"),
                fragment("b.jar", "b", "<ordering><after><name>a</name></after></ordering>"));
        assertTrue(assertThrows(AppLoadException.class, () -> WebDescriptor.read("app", root, cycle)).getMessage()
                .startsWith("The web-fragment.xml orderings of app form a cycle;"));

        webXml("<servlet>");
        assertTrue(assertThrows(AppLoadException.class, () -> WebDescriptor.read("app", root, List.of()))
                .getMessage().startsWith("WEB-INF/web.xml of app could not be read: "));

        webXml("<login-config><auth-method>DIGEST</auth-method></login-config>");
        assertEquals("The login-config auth-method DIGEST in WEB-INF/web.xml of app is not supported; Jacorn"
                + " enforces BASIC, FORM and CLIENT-CERT.",
                assertThrows(AppLoadException.class, () -> WebDescriptor.read("app", root, List.of())).getMessage());

        webXml("<login-config><auth-method>CLIENT-CERT</auth-method></login-config>");
        assertEquals("CLIENT-CERT", WebDescriptor.read("app", root, List.of()).webXml().getLoginConfig().getAuthMethod());
    }

    private void webXml(String body) throws IOException {
        Files.createDirectories(root.resolve("WEB-INF"));
        Files.writeString(root.resolve("WEB-INF/web.xml"), "<web-app " + NS + ">" + body + "</web-app>");
    }

    private static List<String> names(WebDescriptor descriptor) {
        List<String> names = new ArrayList<>();
        descriptor.fragments().forEach(f -> names.add(f.name()));
        return names;
    }

    private Path fragment(String file, String name, String ordering) throws IOException {
        return jar(file, "<web-fragment " + NS + "><name>" + name + "</name>" + ordering + "</web-fragment>");
    }

    private Path jar(String file) throws IOException {
        return jar(file, null);
    }

    private Path jar(String file, String fragmentXml) throws IOException {
        Path jar = root.resolve(file);
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(fragmentXml == null ? "README.txt" : "META-INF/web-fragment.xml"));
            zip.write((fragmentXml == null ? "no fragment" : fragmentXml).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }
}
