package dev.jacorn.runner.session;

import dev.jacorn.adapter.session.MemorySessionStore;
import dev.jacorn.adapter.session.SessionStore.StoredSession;
import dev.jacorn.adapter.session.StoredAttribute;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory store's sessions kept across a restart ({@code --session-persist}): written at a stop
 * to a file only this user can read (0600, in a 0700 directory), read back and deleted at the
 * next start, so that a later crash cannot bring back sessions that were logged out meanwhile.
 * Attribute values stay serialized bytes here; a file that another user could have written is
 * not read, since those bytes are deserialized by the application.
 */
final class SessionFile {

    private static final Logger LOG = LoggerFactory.getLogger(SessionFile.class);
    private static final String MAGIC = "jacorn-sessions-1";
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;

    SessionFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Loads the saved sessions (those not expired) into {@code store} and deletes the file; returns how many. */
    int loadInto(MemorySessionStore store) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try {
            if (!isPrivate()) {
                LOG.warn("Not loading the sessions in {}: the file is not private to this user (0600, owned by us);"
                        + " delete it", file);
                return 0;
            }
            int loaded = 0;
            long now = System.currentTimeMillis();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                if (!MAGIC.equals(in.readUTF())) {
                    throw new IOException("not a session file");
                }
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    StoredSession session = read(in);
                    if (!session.isExpired(now) && store.insert(session)) {
                        loaded++;
                    }
                }
            }
            Files.delete(file);
            return loaded;
        } catch (IOException e) {
            LOG.warn("Could not load the sessions in {} ({}); starting without them", file, e.toString());
            return 0;
        }
    }

    private boolean isPrivate() throws IOException {
        String me = System.getProperty("user.name");
        return Files.getOwner(file).getName().equals(me) && Files.getPosixFilePermissions(file).equals(PRIVATE_FILE);
    }

    private static StoredSession read(DataInputStream in) throws IOException {
        String id = in.readUTF();
        long created = in.readLong();
        long accessed = in.readLong();
        int timeout = in.readInt();
        long version = in.readLong();
        int attributes = in.readInt();
        Map<String, StoredAttribute> values = new HashMap<>();
        for (int i = 0; i < attributes; i++) {
            String name = in.readUTF();
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            values.put(name, StoredAttribute.ofBytes(value));
        }
        return new StoredSession(id, created, accessed, timeout, version, values);
    }

    /** Writes every session of {@code store} (through a private temporary file, then a rename). */
    void save(MemorySessionStore store) throws IOException {
        Path directory = file.getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        }
        Path temporary = Files.createTempFile(directory, "sessions", ".tmp", PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
        try {
            var sessions = store.all();
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
                out.writeUTF(MAGIC);
                out.writeInt(sessions.size());
                for (StoredSession session : sessions) {
                    write(out, session);
                }
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void write(DataOutputStream out, StoredSession session) throws IOException {
        out.writeUTF(session.id());
        out.writeLong(session.creationTime());
        out.writeLong(session.lastAccessedTime());
        out.writeInt(session.maxInactiveSeconds());
        out.writeLong(session.version());
        out.writeInt(session.attributes().size());
        for (Map.Entry<String, StoredAttribute> attribute : session.attributes().entrySet()) {
            byte[] value = attribute.getValue().bytes();
            out.writeUTF(attribute.getKey());
            out.writeInt(value.length);
            out.write(value);
        }
    }
}
