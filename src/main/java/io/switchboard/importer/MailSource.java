package io.switchboard.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Messages to import: every {@code .eml} file in a folder, or each message of an mbox file. */
public final class MailSource {
  /** One message's bytes and where it came from. */
  public record Item(String ref, byte[] bytes) {}

  private MailSource() {}

  static List<Item> read(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.walk(path)) {
        List<Item> items = new ArrayList<>();
        for (Path f : files.filter(p -> p.toString().toLowerCase().endsWith(".eml")).sorted().toList()) {
          items.add(new Item(path.relativize(f).toString(), Files.readAllBytes(f)));
        }
        return items;
      }
    }
    try (InputStream in = Files.newInputStream(path)) {
      return splitMbox(path.getFileName().toString(), in.readAllBytes());
    }
  }

  /**
   * Splits an mbox (mboxrd or mboxo): a message starts at a line beginning {@code "From "} at the
   * start of the file or after a blank line; {@code ">From "} quoting is undone.
   */
  static List<Item> splitMbox(String name, byte[] mbox) {
    List<Item> items = new ArrayList<>();
    ByteArrayOutputStream current = null;
    boolean previousBlank = true;
    int start = 0;
    int n = 0;
    while (start < mbox.length) {
      int end = start;
      while (end < mbox.length && mbox[end] != '\n') {
        end++;
      }
      int lineEnd = Math.min(end + 1, mbox.length);
      String head = new String(mbox, start, Math.min(lineEnd - start, 6), StandardCharsets.ISO_8859_1);
      if (previousBlank && head.startsWith("From ")) {
        if (current != null) {
          items.add(new Item(name + "#" + (++n), trimTrailingBlank(current.toByteArray())));
        }
        current = new ByteArrayOutputStream();
      } else if (current != null) {
        int from = start;
        int q = start;
        while (q < end && mbox[q] == '>') {
          q++;
        }
        if (q > start && end - q >= 5 && new String(mbox, q, 5, StandardCharsets.ISO_8859_1).equals("From ")) {
          from = start + 1;
        }
        current.write(mbox, from, lineEnd - from);
      }
      int contentEnd = end > start && mbox[end - 1] == '\r' ? end - 1 : end;
      previousBlank = contentEnd == start;
      start = lineEnd;
    }
    if (current != null) {
      items.add(new Item(name + "#" + (++n), trimTrailingBlank(current.toByteArray())));
    }
    return items;
  }

  private static byte[] trimTrailingBlank(byte[] b) {
    int len = b.length;
    // the blank line before the next "From " belongs to the mbox format, not the message
    if (len >= 1 && b[len - 1] == '\n') {
      len--;
      if (len >= 1 && b[len - 1] == '\r') {
        len--;
      }
    }
    return java.util.Arrays.copyOf(b, len);
  }
}
