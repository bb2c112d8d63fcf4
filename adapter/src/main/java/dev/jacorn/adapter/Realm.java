package dev.jacorn.adapter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * Blank lines and lines starting with {@code #} are ignored. {@link #EMPTY} knows no user, so
 * every protected resource is refused. Immutable; shared by every deployment.
 */
public final class Realm {

    /** No users: without a realm file, a protected resource is refused, never open. */
    public static final Realm EMPTY = new Realm(Map.of());

    /** One user of the realm. */
    public record User(String name, PasswordHash password, Set<String> roles) {
        public User {
            roles = Set.copyOf(roles);
        }
    }

    private final Map<String, User> users;

    private Realm(Map<String, User> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * Reads a realm file.
     *
     * @throws IllegalArgumentException with a message naming the file and line when it cannot be
     *     read or a line is malformed
     */
    public static Realm read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("the realm file " + file + " could not be read (" + e.getMessage()
                    + "); check the path and its permissions", e);
        }
        Map<String, User> users = new LinkedHashMap<>();
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
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the realm file " + file
                        + " is not valid: " + e.getMessage(), e);
            }
        }
        return new Realm(users);
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
        return new User(fields[0].strip(), PasswordHash.parse(fields[1]), roles);
    }

    /** The user of that name, or {@code null}. */
    User user(String name) {
        return users.get(name);
    }

    public int size() {
        return users.size();
    }
}
