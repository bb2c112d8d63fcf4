package dev.jacorn.adapter.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * One session attribute as a store holds it. Most are their serialized bytes, which each worker
 * reads back with its own class loader. A value of one of the immutable JDK types (a string, a
 * boxed number, ...) is the same class in every worker and cannot change, so a store in this JVM
 * keeps the value itself and no worker serializes or deserializes it; a store that leaves the JVM
 * (Redis, the session file) asks for its bytes, made once.
 */
public final class StoredAttribute {

    private final Object shared;
    private volatile byte[] bytes;

    private StoredAttribute(Object shared, byte[] bytes) {
        this.shared = shared;
        this.bytes = bytes;
    }

    /** An attribute known by its serialized bytes (the store does not keep a copy: do not change them). */
    public static StoredAttribute ofBytes(byte[] bytes) {
        return new StoredAttribute(null, bytes);
    }

    /** An attribute whose value is kept as it is: only for values {@link AttributeCodec#isShareable}. */
    static StoredAttribute ofShared(Object value) {
        return new StoredAttribute(value, null);
    }

    /** The serialized value, as Java serialization writes it (computed on first use for a shared value). */
    public byte[] bytes() {
        byte[] serialized = bytes;
        if (serialized == null) {
            try {
                serialized = AttributeCodec.write(shared);
            } catch (IOException e) {
                throw new UncheckedIOException("an immutable JDK value did not serialize", e);
            }
            bytes = serialized;
        }
        return serialized;
    }

    /** The value itself when every worker may use it as it is, else null (deserialize {@link #bytes}). */
    Object shared() {
        return shared;
    }

    /** Whether both hold the same value, so that writing one over the other changes nothing. */
    boolean sameAs(StoredAttribute other) {
        if (other == null) {
            return false;
        }
        if (shared != null || other.shared != null) {
            return shared != null && other.shared != null && shared.getClass() == other.shared.getClass()
                    && shared.equals(other.shared);
        }
        return Arrays.equals(bytes, other.bytes);
    }
}
