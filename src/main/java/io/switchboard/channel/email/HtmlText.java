package io.switchboard.channel.email;

import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeFilter;

/**
 * HTML body handling with jsoup: sanitizing for display and converting to readable text. Stateless.
 */
final class HtmlText {

  private static final Set<String> SKIPPED =
      Set.of("script", "style", "head", "title", "template", "noscript");
  private static final Set<String> PARAGRAPHS =
      Set.of(
          "p",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "table",
          "ul",
          "ol",
          "dl",
          "blockquote",
          "pre",
          "hr");
  private static final Set<String> LINES =
      Set.of(
          "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "address",
          "center", "form");

  private HtmlText() {}

  /**
   * Keeps only jsoup's relaxed safelist: no scripts, no event handlers, no {@code style}, links
   * only to http/https/ftp/mailto, images only from http/https/cid (cid: so inline attachments can
   * still be resolved).
   */
  static String sanitize(String html) {
    Document.OutputSettings output = new Document.OutputSettings().prettyPrint(false);
    return Jsoup.clean(html, "", SAFELIST, output);
  }

  /** Built once: the cleaner only reads it, and building it was a sixth of sanitizing a mail. */
  private static final Safelist SAFELIST =
      Safelist.relaxed()
          .addProtocols("img", "src", "cid")
          // links open outside the inbox and must not leak the agent's session as referrer
          .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");

  /**
   * Readable plain text: block elements become line breaks, paragraphs blank lines, list items get
   * a leading dash, blockquote lines a "&gt; " prefix (so quoted history in HTML replies can be
   * trimmed like plain-text quotes), and links read "text (url)".
   */
  static String toText(String html) {
    Document doc = Jsoup.parse(html);
    TextBuilder out = new TextBuilder();
    doc.body()
        .filter(
            new NodeFilter() {
              @Override
              public FilterResult head(Node node, int depth) {
                if (node instanceof TextNode t) {
                  out.text(out.inPre > 0 ? t.getWholeText() : t.text());
                  return FilterResult.CONTINUE;
                }
                if (!(node instanceof Element e)) {
                  return FilterResult.CONTINUE;
                }
                String tag = e.normalName();
                if (SKIPPED.contains(tag)) {
                  return FilterResult.SKIP_ENTIRELY;
                }
                if (tag.equals("br")) {
                  out.breakLines(1, true);
                } else if (PARAGRAPHS.contains(tag)) {
                  out.breakLines(2, false);
                } else if (LINES.contains(tag)) {
                  out.breakLines(1, false);
                } else if (tag.equals("td") || tag.equals("th")) {
                  out.cellGap();
                }
                if (tag.equals("li")) {
                  out.text("- ");
                } else if (tag.equals("blockquote")) {
                  out.quoteDepth++;
                } else if (tag.equals("pre")) {
                  out.inPre++;
                }
                return FilterResult.CONTINUE;
              }

              @Override
              public FilterResult tail(Node node, int depth) {
                if (!(node instanceof Element e)) {
                  return FilterResult.CONTINUE;
                }
                String tag = e.normalName();
                if (tag.equals("a")) {
                  String href = linkTarget(e);
                  if (href != null) {
                    out.text(" (" + href + ")");
                  }
                } else if (tag.equals("blockquote")) {
                  out.breakLines(2, false);
                  out.quoteDepth--;
                } else if (tag.equals("pre")) {
                  out.inPre--;
                }
                if (PARAGRAPHS.contains(tag)) {
                  out.breakLines(2, false);
                } else if (LINES.contains(tag)) {
                  out.breakLines(1, false);
                }
                return FilterResult.CONTINUE;
              }
            });
    return out.toString();
  }

  /**
   * The URL worth showing after a link's text; null when it adds nothing (same as the text, or not
   * a web link).
   */
  private static String linkTarget(Element a) {
    String href = a.attr("href").trim();
    String lower = href.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("http://")
        || lower.startsWith("https://")
        || lower.startsWith("mailto:"))) {
      return null;
    }
    String shown = lower.startsWith("mailto:") ? href.substring("mailto:".length()) : href;
    String label = a.text().trim();
    if (label.isEmpty()) {
      return shown;
    }
    return label.equalsIgnoreCase(shown) || label.equalsIgnoreCase(href) ? null : shown;
  }

  /** Accumulates text, collapsing requested line breaks and prefixing quoted lines. */
  private static final class TextBuilder {
    private final StringBuilder sb = new StringBuilder();
    private int pendingBreaks;
    private boolean atLineStart = true;
    int quoteDepth;
    int inPre;

    /**
     * Asks for at least {@code n} line breaks before the next text; {@code forced} breaks add up
     * (br).
     */
    void breakLines(int n, boolean forced) {
      if (sb.length() == 0) {
        return;
      }
      pendingBreaks = forced ? Math.min(pendingBreaks + n, 2) : Math.max(pendingBreaks, n);
    }

    void cellGap() {
      if (!atLineStart && pendingBreaks == 0) {
        sb.append(' ');
      }
    }

    void text(String s) {
      if (inPre > 0 && s.indexOf('\n') >= 0) {
        String[] lines = s.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
          if (i > 0) {
            breakLines(1, true);
          }
          append(lines[i]);
        }
      } else {
        append(s);
      }
    }

    private void append(String s) {
      if (inPre == 0) {
        s = s.replace('\u00A0', ' '); // &nbsp; is layout, and would survive the whitespace rules
        if (atLineStart || pendingBreaks > 0) {
          s = s.stripLeading(); // source indentation between blocks is not text
        }
      }
      if (s.isEmpty()) {
        return;
      }
      if (pendingBreaks > 0) {
        sb.append("\n".repeat(pendingBreaks));
        pendingBreaks = 0;
        atLineStart = true;
      }
      if (atLineStart && quoteDepth > 0) {
        sb.append("> ".repeat(quoteDepth));
      }
      sb.append(s);
      atLineStart = false;
    }

    @Override
    public String toString() {
      return sb.toString().replaceAll("[ \\t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }
  }
}
