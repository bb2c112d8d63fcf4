package dev.jacorn.sample.boot;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** The body of {@code POST /api/echo}, validated before the controller sees it. */
public record EchoRequest(@NotBlank String name, @Min(0) int count) {
}
