package dev.jacorn.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jacorn.runner.e2e.EdgeCertificates;
import dev.jacorn.runner.e2e.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --check-config} and a start load through the same path: for every setting a start refuses,
 * the check refuses it too, with the same one line on stderr and the same exit code. Each case runs
 * the command twice in-process, once as a start and once with {@code --check-config}.
 */
class CheckConfigAgreesWithStartTest {

    @TempDir
    Path dir;

    record Outcome(int code, String err) {
    }

    private Outcome run(List<String> args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // A start that wrongly succeeded would serve until stopped: the bound is a safety net, not a timing.
        int code = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> new JacornCommand(
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), dir).run(args.toArray(String[]::new)));
        return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code args} as a start and as a check; both must fail with exactly {@code message} and {@code code}. */
    private void assertBothRefuse(int code, String message, String... args) {
        List<String> start = new ArrayList<>(List.of("--bind", "127.0.0.1:0", "--work-dir", dir.resolve("work").toString()));
        start.addAll(List.of(args));
        List<String> check = new ArrayList<>(start);
        check.add(0, "--check-config");
        Outcome started = run(start);
        Outcome checked = run(check);
        assertEquals("Error: " + message + System.lineSeparator(), started.err(), "a start");
        assertEquals(code, started.code(), "a start's exit code");
        assertEquals(started.err(), checked.err(), "--check-config says what a start says");
        assertEquals(code, checked.code(), "--check-config exits as a start does");
    }

    private String hello() {
        return Samples.war("hello").toString();
    }

    @Test
    void aMissingUsersFile() {
        Path users = dir.resolve("no-such-users.txt");
        assertBothRefuse(2, "--users " + users + " is not valid: the realm file " + users + " could not be read ("
                + users + "); check the path and its permissions.", "--users", users.toString(), hello());
    }

    @Test
    void aMalformedUsersFile() throws IOException {
        Path users = Files.writeString(dir.resolve("users.txt"), "admin:plain-text:admin\n");
        String expected = "--users " + users + " is not valid: line 1 of the realm file " + users + " is not valid:"
                + " a password must be a hash pbkdf2-sha256$ITERATIONS$SALT$HASH, as printed by ";
        // The sentence ends with how to make a hash, which the hash helper's home decides.
        Outcome started = run(List.of("--bind", "127.0.0.1:0", "--users", users.toString(), hello()));
        assertTrue(started.err().startsWith("Error: " + expected), started.err());
        assertBothRefuse(2, started.err().strip().substring("Error: ".length()), "--users", users.toString(), hello());
    }

    @Test
    void aMissingCertificateFile() throws IOException {
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key");
        Path cert = dir.resolve("no-such-cert.pem");
        assertBothRefuse(2, "The file in --certfile " + cert + " does not exist; check the path.",
                "--certfile", cert.toString(), "--keyfile", key.toString(), hello());
    }

    @Test
    void aMissingKeyFile() {
        Path cert = EdgeCertificates.create(dir).server(EdgeCertificates.KeyForm.EC_PKCS8)[0];
        Path key = dir.resolve("no-such-key.pem");
        assertBothRefuse(2, "The file in --keyfile " + key + " does not exist; check the path.",
                "--certfile", cert.toString(), "--keyfile", key.toString(), hello());
    }

    @Test
    void aCertificateWithoutKey() throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        assertBothRefuse(2, "--certfile was given without --keyfile; HTTPS needs both the certificate chain and its"
                + " private key.", "--certfile", cert.toString(), hello());
    }

    @Test
    void anHttpsBindWithoutCertificate() {
        assertBothRefuse(2, "--bind https://127.0.0.1:0 asks for HTTPS but no certificate was given; add --certfile"
                + " and --keyfile, or bind http://.", "--bind", "https://127.0.0.1:0", hello());
    }

    @Test
    void virtualWorkersOnJava17() {
        assumeTrue(Runtime.version().feature() < 21, "virtual threads exist on this Java");
        assertBothRefuse(2, "--worker-class virtual needs Java 21 or newer, and this is Java "
                + Runtime.version().feature() + "; run Jacorn with a newer java, or use --worker-class thread.",
                "--worker-class", "virtual", hello());
    }

    @Test
    void aWorkDirectoryOthersCanWrite() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertBothRefuse(2, "The work directory " + shared + " can be written by other users (mode rwxrwxrwx); make it"
                + " private with chmod 700 " + shared + ", or set --work-dir to a directory of your own.",
                "--work-dir", shared.toString(), hello());
    }

    @Test
    void aSpringBootExecutableJarIsNotAWar() throws IOException {
        Path jar = bootJar(dir.resolve("app.jar"));
        assertBothRefuse(4, "APP " + jar + " is not a WAR: it looks like a Spring Boot executable jar (BOOT-INF/, no"
                + " WEB-INF/); run it with java -jar " + jar + ", or build a WAR (packaging war,"
                + " SpringBootServletInitializer).", jar.toString());
    }

    /** A jar laid out as Spring Boot's repackager writes one: launcher classes, BOOT-INF/classes and lib, a manifest. */
    static Path bootJar(Path file) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        main.putValue("Start-Class", "com.example.DemoApplication");
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            entry(jar, "org/springframework/boot/loader/launch/JarLauncher.class",
                    Files.readAllBytes(Samples.testClasses().resolve("dev/jacorn/runner/fixtures/PlainServlet.class")));
            entry(jar, "BOOT-INF/classes/application.properties",
                    "spring.datasource.password=hunter2\n".getBytes(StandardCharsets.UTF_8));
            entry(jar, "BOOT-INF/classes/com/example/DemoApplication.class",
                    Files.readAllBytes(Samples.testClasses().resolve("dev/jacorn/runner/fixtures/PlainServlet.class")));
            entry(jar, "BOOT-INF/classpath.idx", "- \"BOOT-INF/lib/spring-core.jar\"\n".getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static void entry(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new ZipEntry(name));
        jar.write(content);
        jar.closeEntry();
    }
}
