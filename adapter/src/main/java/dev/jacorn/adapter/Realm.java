package dev.jacorn.adapter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users an application's declarative security authenticates: name, password hash, roles.
 * Read from a realm file ({@code --users FILE}), one user per line:
 *
 * <pre>
 * # name:password-hash:role,role
 * admin:pbkdf2-sha256$600000$...$...:admin,user
 * alice:pbkdf2-sha256$600000$...$...:user
 * </pre>
 *
 * Blank lines and lines starting with {@code #} are ignored. {@link #empty()} knows no user, so
 * every protected resource is refused.
 *
 * <p>A user without a password hash ({@code CN=alice,O=Example::user}) is a <em>certificate
 * user</em>: its name is a certificate subject (a distinguished name, as
 * {@link X500Principal#getName()} or {@code openssl x509 -noout -subject -nameopt RFC2253} write
 * it; a {@code :} in it is written {@code \3A}), and it logs in only with a TLS client certificate
 * whose subject is that name (CLIENT-CERT, {@link #certificateUser}), never with a password. Names
 * and subjects are compared in {@link X500Principal#CANONICAL} form, so case and the blanks after
 * the commas do not matter; the user's name stays as written in the file.
 *
 * <p>{@link #authenticate} guards the passwords as Tomcat's LockOutRealm does, and more:
 * <ul>
 *   <li>an unknown user, and a user who is locked out, cost the same PBKDF2 work as a known user
 *       with a wrong password (checked against a dummy hash), so that timing does not tell which
 *       user names exist;</li>
 *   <li>after {@link Lockout#failures()} failed logins in a row a user is locked out for
 *       {@link Lockout#time()}: every login is refused, even with the right password;</li>
 *   <li>a password that verified is remembered for {@link #CACHE_TIME} as an HMAC of the user and
 *       password under a key made at random for this process (never the password itself), so that
 *       BASIC clients, which send it on every request, do not pay the PBKDF2 rounds each time; a
 *       lockout forgets it.</li>
 * </ul>
 * Thread-safe; one instance is shared by every deployment and worker.
 */
public final class Realm {

    private static final Logger LOG = LoggerFactory.getLogger(Realm.class);

    /** How long a verified password is remembered. */
    public static final Duration CACHE_TIME = Duration.ofSeconds(60);

    /**
     * When repeated failures lock a user out.
     *
     * @param failures failed logins in a row that lock a user out; 0 turns lockout off
     * @param time how long the lockout lasts
     */
    public record Lockout(int failures, Duration time) {
        /** Tomcat's LockOutRealm defaults: 5 failures, 5 minutes. */
        public static final Lockout DEFAULT = new Lockout(5, Duration.ofMinutes(5));
    }

    /**
     * One user of the realm.
     *
     * @param password the password hash, or {@code null} for a certificate user
     */
    public record User(String name, PasswordHash password, Set<String> roles) {
        public User {
            roles = Set.copyOf(roles);
        }

        /** Whether this user logs in with a client certificate (CLIENT-CERT) instead of a password. */
        public boolean isCertificateUser() {
            return password == null;
        }
    }

    private record Failures(int count, long lastNanos) {
    }

    private record Verified(byte[] mac, long expiresNanos) {
    }

    private final Map<String, User> users;
    /** The certificate users, by the {@link X500Principal#CANONICAL} form of their name. */
    private final Map<String, User> bySubject;
    private final Lockout lockout;
    private final LongSupplier nanoClock;
    private final PasswordHash dummy;
    private final SecretKeySpec cacheKey;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final AtomicLong iterationsSpent = new AtomicLong();

    Realm(Map<String, User> users, Lockout lockout, LongSupplier nanoClock) {
        this.users = Map.copyOf(users);
        this.bySubject = bySubject(users);
        this.lockout = lockout;
        this.nanoClock = nanoClock;
        int iterations = users.values().stream().filter(u -> !u.isCertificateUser())
                .mapToInt(u -> u.password().iterations()).max().orElse(PasswordHash.ITERATIONS);
        this.dummy = PasswordHash.dummy(iterations);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    private static Map<String, User> bySubject(Map<String, User> users) {
        Map<String, User> bySubject = new LinkedHashMap<>();
        for (User user : users.values()) {
            if (user.isCertificateUser()) {
                bySubject.put(canonical(user.name()), user);
            }
        }
        return Map.copyOf(bySubject);
    }

    private static String canonical(String subject) {
        return new X500Principal(subject).getName(X500Principal.CANONICAL);
    }

    /** A realm without users: every protected resource is refused, never open. */
    public static Realm empty() {
        return new Realm(Map.of(), Lockout.DEFAULT, System::nanoTime);
    }

    /** Reads a realm file with the default {@link Lockout}; see {@link #read(Path, Lockout)}. */
    public static Realm read(Path file) {
        return read(file, Lockout.DEFAULT);
    }

    /**
     * Reads a realm file.
     *
     * @throws IllegalArgumentException with a message naming the file and line when it cannot be
     *     read or a line is malformed
     */
    public static Realm read(Path file, Lockout lockout) {
        return read(file, lockout, System::nanoTime);
    }

    static Realm read(Path file, Lockout lockout, LongSupplier nanoClock) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("the realm file " + file + " could not be read (" + e.getMessage()
                    + "); check the path and its permissions", e);
        }
        Map<String, User> users = new LinkedHashMap<>();
        Map<String, String> subjects = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                User user = parseLine(line);
                if (users.putIfAbsent(user.name(), user) != null) {
                    throw new IllegalArgumentException("user " + user.name() + " appears twice");
                }
                String earlier = user.isCertificateUser() ? subjects.putIfAbsent(canonical(user.name()), user.name())
                        : null;
                if (earlier != null) {
                    throw new IllegalArgumentException("user " + user.name() + " is the same certificate subject as"
                            + " user " + earlier);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the realm file " + file
                        + " is not valid: " + e.getMessage(), e);
            }
        }
        return new Realm(users, lockout, nanoClock);
    }

    private static User parseLine(String line) {
        String[] fields = line.split(":", -1);
        if (fields.length < 2 || fields.length > 3 || fields[0].isBlank()) {
            throw new IllegalArgumentException("expected name:password-hash:role,role");
        }
        Set<String> roles = new LinkedHashSet<>();
        if (fields.length == 3) {
            for (String role : fields[2].split(",")) {
                if (!role.isBlank()) {
                    roles.add(role.strip());
                }
            }
        }
        String name = fields[0].strip();
        if (fields[1].isBlank()) {
            checkSubject(name);
            return new User(name, null, roles);
        }
        return new User(name, PasswordHash.parse(fields[1]), roles);
    }

    /** A user without a password hash logs in by certificate: its name must be a certificate subject. */
    private static void checkSubject(String name) {
        boolean subject;
        try {
            subject = name.contains("=") && !new X500Principal(name).getName().isEmpty();
        } catch (IllegalArgumentException e) {
            subject = false;
        }
        if (!subject) {
            throw new IllegalArgumentException("user " + name + " has no password hash, so it is a client-certificate"
                    + " user and its name must be a certificate subject such as CN=" + name + ",O=Example (or give it"
                    + " a hash printed by java -jar runner.jar hash-password)");
        }
    }

    /**
     * The user whose name and password these are, or {@code null}: unknown user, wrong password,
     * or locked out. Costs one PBKDF2 check unless the password verified within
     * {@link #CACHE_TIME}.
     */
    User authenticate(String name, char[] password) {
        User user = users.get(name);
        long now = nanoClock.getAsLong();
        if (user == null || user.isCertificateUser() || isLockedOut(name, now)) {
            spend(dummy);
            dummy.matches(password);
            return null;
        }
        byte[] mac = mac(name, password);
        Verified known = verified.get(name);
        if (known != null && known.expiresNanos() - now > 0 && MessageDigest.isEqual(known.mac(), mac)) {
            failures.remove(name);
            return user;
        }
        spend(user.password());
        if (user.password().matches(password)) {
            failures.remove(name);
            verified.put(name, new Verified(mac, now + CACHE_TIME.toNanos()));
            return user;
        }
        recordFailure(name, now);
        return null;
    }

    /**
     * The certificate user whose name is {@code subject} (compared in canonical form), or
     * {@code null}. The TLS handshake has already checked the certificate against
     * {@code --ca-certs}; a user with a password hash never logs in this way.
     */
    User certificateUser(X500Principal subject) {
        return bySubject.get(subject.getName(X500Principal.CANONICAL));
    }

    private boolean isLockedOut(String name, long now) {
        Failures seen = failures.get(name);
        return lockout.failures() > 0 && seen != null && seen.count() >= lockout.failures()
                && now - seen.lastNanos() < lockout.time().toNanos();
    }

    private void recordFailure(String name, long now) {
        Failures seen = failures.compute(name, (n, before) -> {
            boolean expired = before == null || before.count() >= lockout.failures()
                    && now - before.lastNanos() >= lockout.time().toNanos();
            return new Failures(expired ? 1 : before.count() + 1, now);
        });
        if (lockout.failures() > 0 && seen.count() == lockout.failures()) {
            verified.remove(name);
            LOG.warn("User {} is locked out for {} s after {} failed logins in a row", name,
                    lockout.time().toSeconds(), seen.count());
        }
    }

    private void spend(PasswordHash hash) {
        iterationsSpent.addAndGet(hash.iterations());
    }

    /** PBKDF2 iterations spent on logins so far: what tests compare, instead of timing them. */
    long iterationsSpent() {
        return iterationsSpent.get();
    }

    private byte[] mac(String name, char[] password) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] secret = new byte[bytes.remaining()];
        bytes.get(secret);
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(cacheKey);
            hmac.update(name.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }

    public int size() {
        return users.size();
    }

    /** How many of the users log in with a client certificate. */
    public int certificateUsers() {
        return bySubject.size();
    }
}
