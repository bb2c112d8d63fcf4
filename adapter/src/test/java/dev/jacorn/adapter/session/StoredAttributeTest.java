package dev.jacorn.adapter.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredAttributeTest {

    @Test
    void onlyValuesOfTheImmutableJdkTypesAreKeptAsTheyAre() {
        assertTrue(AttributeCodec.isShareable("text"));
        assertTrue(AttributeCodec.isShareable(42));
        assertTrue(AttributeCodec.isShareable(new BigDecimal("1.50")));
        assertFalse(AttributeCodec.isShareable(new ArrayList<>(List.of("a"))), "mutable");
        assertFalse(AttributeCodec.isShareable(Thread.State.NEW), "an enum: the application's would differ by loader");
        assertFalse(AttributeCodec.isShareable(new StoredAttributeTest()), "an application class");
        assertFalse(AttributeCodec.isShareable(null));
    }

    @Test
    void aSharedValueLeavesTheJvmAsJavaSerializationWritesIt() throws Exception {
        StoredAttribute shared = StoredAttribute.ofShared(42);
        assertSame(42, shared.shared());
        byte[] bytes = shared.bytes();
        assertArrayEquals(AttributeCodec.write(42), bytes);
        assertSame(bytes, shared.bytes(), "serialized once");
        assertEquals(42, AttributeCodec.read(bytes, getClass().getClassLoader()));
        assertNull(StoredAttribute.ofBytes(bytes).shared());
    }

    @Test
    void sameAsComparesValuesOfOneClassOrTheBytes() throws Exception {
        assertTrue(StoredAttribute.ofShared(7).sameAs(StoredAttribute.ofShared(7)));
        assertFalse(StoredAttribute.ofShared(7).sameAs(StoredAttribute.ofShared(7L)), "Integer and Long");
        assertFalse(StoredAttribute.ofShared(new BigDecimal("1.0")).sameAs(StoredAttribute.ofShared(new BigDecimal("1.00"))));
        assertFalse(StoredAttribute.ofShared(7).sameAs(null));
        byte[] list = AttributeCodec.write(new ArrayList<>(List.of("a")));
        assertTrue(StoredAttribute.ofBytes(list).sameAs(StoredAttribute.ofBytes(list.clone())));
        assertFalse(StoredAttribute.ofBytes(list).sameAs(StoredAttribute.ofBytes(AttributeCodec.write(new ArrayList<>()))));
        // A value read from a file or Redis is bytes: written again once as a shared value, then compared as one.
        assertFalse(StoredAttribute.ofShared(7).sameAs(StoredAttribute.ofBytes(AttributeCodec.write(7))));
    }
}
