package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The public MIME test corpora in the shared data folder (James mime4j, CPython's e-mail tests),
 * read where they lie and never copied into the repo: one test per message. mime4j ships what
 * each message holds ({@code <name>_decoded.xml} and the decoded parts beside it): such a message
 * must parse with those parts (its first plain-text body part in the text, each binary part and
 * each text part declared or named as an attachment among the attachments), or be reported malformed for a reason the parser's contract allows (no From
 * address, no readable body), which mime4j's own reading must confirm. A message without expected
 * output must parse, or be reported malformed with its reason.
 */
class MimeCorpusTest {
  static final Path CORPUS = Path.of("").toAbsolutePath().getParent().resolve("shared/data/email");
  /** Enough of a part's text to know it is that part, not so much that re-wrapping matters. */
  static final int SAMPLE = 60;

  private final MimeParser parser = new MimeParser(10L << 20);

  @TestFactory
  Stream<DynamicTest> everyCorpusMessageShouldParseWithItsPartsOrBeReportedMalformed() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(CORPUS), "shared e-mail corpus not present");
    List<Path> messages;
    try (Stream<Path> walk = Files.walk(CORPUS)) {
      messages = walk.filter(Files::isRegularFile).filter(MimeCorpusTest::isMessage).sorted().toList();
    }
    assertThat(messages).as("messages in " + CORPUS).isNotEmpty();
    return messages.stream()
        .map(m -> DynamicTest.dynamicTest(CORPUS.relativize(m).toString(), () -> check(m)));
  }

  /** mime4j's messages end in .msg (beside their expected output); CPython's are msg_NN.txt. */
  static boolean isMessage(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".msg") || (name.startsWith("msg_") && name.endsWith(".txt") && p.toString().contains("python-email"));
  }

  private void check(Path message) throws Exception {
    byte[] raw = Files.readAllBytes(message);
    // the outcome is carried out of the timeout wrapper, which would hide the checked exception
    Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parseOrReason(raw), "parse time");
    Expected expected = Expected.of(message);
    if (outcome instanceof String reason) {
      assertThat(reason).as("the reason it is malformed").isNotBlank();
      if (expected != null) {
        assertThat(expected.from == null || expected.textParts == 0)
            .as("reported malformed (%s) although mime4j reads From '%s' and %d text parts", reason, expected.from, expected.textParts)
            .isTrue();
      }
      return;
    }
    ParsedEmail mail = (ParsedEmail) outcome;
    assertThat(mail.fromAddress()).as("from").isNotBlank();
    assertThat(mail.text()).as("text").isNotNull();
    assertThat(mail.displayText()).as("display text").isNotNull();
    if (expected == null) {
      return;
    }
    if (expected.firstPlainText != null) {
      String sample = squash(expected.firstPlainText);
      sample = sample.substring(0, Math.min(SAMPLE, sample.length()));
      assertThat(squash(mail.text())).as("the first plain-text part is in the text").contains(sample);
    }
    assertThat(mail.attachments())
        .as("every binary part (%d) and every attached text part (%d) is an attachment", expected.binaryParts, expected.attachedText)
        .hasSizeGreaterThanOrEqualTo(expected.binaryParts + expected.attachedText);
  }

  /** The parsed mail, or the MalformedEmailException message; anything else propagates. */
  private Object parseOrReason(byte[] raw) {
    try {
      return parser.parse(raw);
    } catch (MalformedEmailException e) {
      return e.getMessage();
    }
  }

  static String squash(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  /** What mime4j read in a message: the From field, its parts, the first plain-text part's text. */
  static final class Expected {
    /** The top-level From field when it holds an address, else null. */
    String from;
    int textParts;
    int binaryParts;
    /** Text parts that the parser's rule makes attachments (declared, or named, and not inline). */
    int attachedText;
    String firstPlainText;

    /** From {@code <name>_decoded.xml} beside the message, or null when there is none. */
    static Expected of(Path message) throws Exception {
      String name = message.getFileName().toString();
      Path xml = message.resolveSibling(name.substring(0, name.lastIndexOf('.')) + "_decoded.xml");
      if (!Files.isRegularFile(xml)) {
        return null;
      }
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Element root = f.newDocumentBuilder().parse(xml.toFile()).getDocumentElement();
      Expected e = new Expected();
      String from = field(root, "from");
      e.from = from != null && from.contains("@") ? from : null;
      List<Element> leaves = new ArrayList<>();
      collect(root, leaves);
      for (Element leaf : leaves) {
        if (leaf.getTagName().equals("binary-body")) {
          e.binaryParts++;
          continue;
        }
        e.textParts++;
        Element part = (Element) leaf.getParentNode();
        String type = lower(field(part, "content-type"));
        String disposition = lower(field(part, "content-disposition"));
        // no type is text/plain; so is a bare "text", as readers take it
        String base = type == null ? "text/plain" : type.split(";")[0].strip();
        base = base.equals("text") ? "text/plain" : base;
        boolean bodyType = base.equals("text/plain") || base.equals("text/html");
        // the parser's rule: text is body text unless declared or named as an attachment
        boolean attached = disposition != null && disposition.startsWith("attachment")
            || !(disposition != null && disposition.startsWith("inline")) && (named(type, "name") || named(disposition, "filename"));
        if (!bodyType || attached) {
          e.attachedText++;
          continue;
        }
        boolean plain = base.equals("text/plain");
        if (e.firstPlainText == null && plain) {
          byte[] body = Files.readAllBytes(xml.resolveSibling(leaf.getAttribute("name")));
          // only plain ASCII is compared: what a declared (or wrong) charset makes of the rest is the
          // parser's own tests' business
          if (isAscii(body) && !squash(new String(body, StandardCharsets.US_ASCII)).isEmpty()) {
            e.firstPlainText = new String(body, StandardCharsets.US_ASCII);
          }
        }
      }
      return e;
    }

    private static void collect(Element el, List<Element> leaves) {
      for (Node n = el.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element child) {
          if (child.getTagName().equals("text-body") || child.getTagName().equals("binary-body")) {
            leaves.add(child);
          } else {
            collect(child, leaves);
          }
        }
      }
    }

    /** The value of a field in the {@code <header>} directly under {@code part}, or null. */
    private static String field(Element part, String name) {
      for (Node n = part.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element header && header.getTagName().equals("header")) {
          for (Node fn = header.getFirstChild(); fn != null; fn = fn.getNextSibling()) {
            if (fn instanceof Element field && field.getTagName().equals("field")) {
              String text = field.getTextContent().strip();
              int colon = text.indexOf(':');
              if (colon > 0 && text.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return text.substring(colon + 1).strip();
              }
            }
          }
        }
      }
      return null;
    }

    /** Whether a field's parameters include {@code param} (plain, or RFC 2231 {@code param*…}). */
    private static boolean named(String field, String param) {
      return field != null && Pattern.compile(";\\s*" + param + "(\\*[0-9]*\\*?)?\\s*=").matcher(field).find();
    }

    private static String lower(String s) {
      return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static boolean isAscii(byte[] bytes) {
      for (byte b : bytes) {
        if (b < 0) {
          return false;
        }
      }
      return true;
    }
  }
}
