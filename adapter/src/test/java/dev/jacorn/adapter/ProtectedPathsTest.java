package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtectedPathsTest {

    /** Decoded request paths (as Undertow hands them over) and whether they must be refused. */
    private static final Map<String, Boolean> PATHS = Map.ofEntries(
            Map.entry("/WEB-INF/web.xml", true),
            Map.entry("/web-inf/web.xml", true),
            Map.entry("/WeB-iNf", true),
            Map.entry("/META-INF/MANIFEST.MF", true),
            Map.entry("//WEB-INF/web.xml", true),
            Map.entry("/./WEB-INF/web.xml", true),
            Map.entry("/a/../WEB-INF/web.xml", true),
            Map.entry("/../../WEB-INF/web.xml", true),
            Map.entry("/WEB-INF;jsessionid=1/web.xml", true),
            Map.entry("/.;x/META-INF/x", true),
            Map.entry("\\WEB-INF\\web.xml", true),
            Map.entry("/WEB-INF./web.xml", true),
            Map.entry("/WEB-INF%2Fweb.xml", false),
            Map.entry("/", false),
            Map.entry("", false),
            Map.entry("/index.html", false),
            Map.entry("/docs/WEB-INF/notes.txt", false),
            Map.entry("/WEB-INFO/x", false),
            Map.entry("/shared/hello.css", false));

    @Test
    void refusesEverySpellingOfWebInfAndMetaInfAndNothingElse() {
        PATHS.forEach((path, refused) -> assertEquals(refused, ProtectedPaths.isProtected(path), path));
    }
}
