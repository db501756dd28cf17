package io.switchboard.model;

/** A file that came with a message; {@code content} is null when it was dropped (see note). */
public record Attachment(
    String filename, String contentType, long size, byte[] content, String note) {}
