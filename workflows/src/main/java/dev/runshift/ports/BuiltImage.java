package dev.runshift.ports;

/** A pushed image: {@code image} is always {@code repository@sha256:<hex>}, never a tag. */
public record BuiltImage(String image, String buildId) {}
