package dev.jacorn.sample.jaxrs;

/** An item as it travels in JSON: {@code {"id":7,"name":"item-7"}}. */
public record Item(Long id, String name) {
}
