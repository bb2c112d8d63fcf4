package dev.jacorn.adapter.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/**
 * Java serialization of one attribute value, read back with a worker's class loader (the way
 * Tomcat moves session attributes into a reloaded context). Values of the immutable JDK types
 * below cannot change behind a {@code setAttribute}, so the dirty check skips them, and they are
 * the same classes in every worker, so a store in this JVM keeps them unserialized.
 */
final class AttributeCodec {

    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Character.class, Boolean.class, Double.class, Float.class, BigInteger.class, BigDecimal.class);

    private AttributeCodec() {
    }

    /** Whether a value fetched with getAttribute may have been changed in place without a setAttribute. */
    static boolean isMutable(Object value) {
        return value != null && !IMMUTABLE.contains(value.getClass()) && !(value instanceof Enum<?>);
    }

    /**
     * Whether every worker may use the value as it is, whatever its class loader: a value of one of
     * the immutable JDK types above (their exact classes, which the bootstrap loader defines).
     */
    static boolean isShareable(Object value) {
        return value != null && IMMUTABLE.contains(value.getClass());
    }

    /** @throws IOException when the value (or something it holds) is not serializable */
    static byte[] write(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException or ClassNotFoundException when the bytes do not make a value in {@code loader} */
    static Object read(byte[] bytes, ClassLoader loader) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
            return in.readObject();
        }
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {

        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(descriptor.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                // Primitive types and the like.
                return super.resolveClass(descriptor);
            }
        }
    }
}
