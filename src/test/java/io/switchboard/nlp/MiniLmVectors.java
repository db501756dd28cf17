package io.switchboard.nlp;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MiniLM sentence vectors: langchain4j's in-process all-MiniLM-L6-v2, quantized (384 dimensions,
 * unit length, English). Vectors are kept in a file by text, so that the folds of {@link
 * MiniLmHeldOut} and a second run embed each text once: embedding is the slow part (ADR 0034).
 * Test scope only: the encoder did not earn a place in the shipped jar.
 */
final class MiniLmVectors implements AutoCloseable {
  static final int DIM = 384;

  /** Texts per call to the encoder: large enough to keep both cores busy. */
  private static final int BATCH = 64;

  private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
  private final Map<String, float[]> cache = new HashMap<>();
  private final DataOutputStream out;

  /** @param cacheFile the vectors embedded before, appended to; null keeps none */
  MiniLmVectors(Path cacheFile) throws IOException {
    if (cacheFile == null) {
      out = null;
      return;
    }
    if (Files.isRegularFile(cacheFile)) {
      try (DataInputStream in = new DataInputStream(
          new BufferedInputStream(Files.newInputStream(cacheFile), 1 << 16))) {
        while (true) {
          String text;
          try {
            text = in.readUTF();
          } catch (EOFException end) {
            break;
          }
          float[] v = new float[DIM];
          for (int i = 0; i < DIM; i++) {
            v[i] = in.readFloat();
          }
          cache.put(text, v);
        }
      } catch (EOFException truncated) {
        // a run stopped while writing: the whole records before it are kept
      }
    } else {
      Files.createDirectories(cacheFile.toAbsolutePath().getParent());
    }
    out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(cacheFile,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16));
  }

  int cached() {
    return cache.size();
  }

  /** The encoder's vectors for {@code texts}, without the cache: for timing it. */
  List<float[]> embedUncached(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += BATCH) {
      List<TextSegment> segments = texts.subList(from, Math.min(texts.size(), from + BATCH))
          .stream().map(t -> TextSegment.from(t.isBlank() ? "." : t)).toList();
      for (Embedding e : model.embedAll(segments).content()) {
        vectors.add(e.vector());
      }
    }
    return vectors;
  }

  /** The vector of each text, embedding those not cached (progress to {@code log}). */
  List<float[]> vectors(List<String> texts, PrintStream log) throws IOException {
    List<String> missing = new ArrayList<>(new LinkedHashSet<>(
        texts.stream().filter(t -> !cache.containsKey(t)).toList()));
    long start = System.nanoTime();
    for (int from = 0; from < missing.size(); from += BATCH * 16) {
      List<String> part = missing.subList(from, Math.min(missing.size(), from + BATCH * 16));
      List<float[]> vs = embedUncached(part);
      for (int i = 0; i < part.size(); i++) {
        put(part.get(i), vs.get(i));
      }
      out.flush();
      double s = (System.nanoTime() - start) / 1e9;
      log.printf(Locale.ROOT, "  embedded %d of %d new texts, %.0f/s%n", from + part.size(),
          missing.size(), (from + part.size()) / s);
    }
    List<float[]> result = new ArrayList<>(texts.size());
    for (String t : texts) {
      result.add(cache.get(t));
    }
    return result;
  }

  private void put(String text, float[] v) throws IOException {
    cache.put(text, v);
    if (out != null && text.length() < 16_000) {
      out.writeUTF(text);
      for (float f : v) {
        out.writeFloat(f);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
