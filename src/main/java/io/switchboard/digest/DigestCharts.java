package io.switchboard.digest;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The digest's charts as PNG images, drawn by JFreeChart without a display (headless AWT). The same
 * names serve the email's inline images and the dashboard. Thread-safe: every call draws anew.
 */
public final class DigestCharts {
  /** Chart names in the order the digest shows them. */
  public static final List<String> NAMES = List.of("volume", "sentiment", "themes", "languages");

  private static final Color NEGATIVE = new Color(0xC6, 0x28, 0x28);
  private static final Color NEUTRAL = new Color(0x9E, 0x9E, 0x9E);
  private static final Color POSITIVE = new Color(0x2E, 0x7D, 0x32);
  private static final Color NOW = new Color(0x15, 0x65, 0xC0);
  private static final Color BEFORE = new Color(0x90, 0xCA, 0xF9);
  private static final int WIDTH = 640;
  private static final int HEIGHT = 300;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** All charts, by name. */
  public Map<String, byte[]> all(Digest d) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    NAMES.forEach(n -> out.put(n, chart(n, d).orElseThrow()));
    return out;
  }

  /** One chart by name; empty for an unknown name. */
  public Optional<byte[]> chart(String name, Digest d) {
    JFreeChart chart =
        switch (name) {
          case "volume" -> volume(d);
          case "sentiment" -> sentiment(d.channels(), "Sentiment by channel");
          case "languages" -> sentiment(d.languages(), "Sentiment by language");
          case "themes" -> themes(d);
          default -> null;
        };
    return chart == null ? Optional.empty() : Optional.of(png(chart, name.equals("themes") ? 340 : HEIGHT));
  }

  private static JFreeChart volume(Digest d) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Digest.Breakdown b : d.channels()) {
      data.addValue(b.messages(), "This period", b.name());
      data.addValue(b.previousMessages(), "Previous period", b.name());
    }
    JFreeChart chart =
        ChartFactory.createBarChart("Customer messages by channel", null, "messages", data, PlotOrientation.VERTICAL, true, false, false);
    style(chart);
    BarRenderer r = (BarRenderer) chart.getCategoryPlot().getRenderer();
    r.setSeriesPaint(0, NOW);
    r.setSeriesPaint(1, BEFORE);
    integerAxis(chart);
    return chart;
  }

  private static JFreeChart sentiment(List<Digest.Breakdown> rows, String title) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Digest.Breakdown b : rows) {
      double neutral = Math.max(0, 1 - b.negativeShare() - b.positiveShare());
      boolean tagged = b.negative() + b.neutral() + b.positive() > 0;
      data.addValue(tagged ? b.negativeShare() * 100 : 0, "negative", b.name());
      data.addValue(tagged ? neutral * 100 : 0, "neutral", b.name());
      data.addValue(tagged ? b.positiveShare() * 100 : 0, "positive", b.name());
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(title, null, "% of messages", data, PlotOrientation.HORIZONTAL, true, false, false);
    style(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    StackedBarRenderer r = (StackedBarRenderer) plot.getRenderer();
    r.setSeriesPaint(0, NEGATIVE);
    r.setSeriesPaint(1, NEUTRAL);
    r.setSeriesPaint(2, POSITIVE);
    ((NumberAxis) plot.getRangeAxis()).setRange(0, 100);
    return chart;
  }

  private static JFreeChart themes(Digest d) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Digest.Theme t : d.themes()) {
      data.addValue(t.count(), "This period", t.label());
      data.addValue(t.previousCount(), "Previous period", t.label());
    }
    JFreeChart chart =
        ChartFactory.createBarChart("Top complaint themes", null, "messages", data, PlotOrientation.HORIZONTAL, true, false, false);
    style(chart);
    BarRenderer r = (BarRenderer) chart.getCategoryPlot().getRenderer();
    r.setSeriesPaint(0, NEGATIVE);
    r.setSeriesPaint(1, new Color(0xEF, 0x9A, 0x9A));
    integerAxis(chart);
    return chart;
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    plot.setOutlineVisible(false);
    if (plot.getRenderer() instanceof BarRenderer r) {
      r.setBarPainter(new StandardBarPainter());
      r.setShadowVisible(false);
      r.setDrawBarOutline(false);
    }
  }

  private static void integerAxis(JFreeChart chart) {
    ((NumberAxis) chart.getCategoryPlot().getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
  }

  private static byte[] png(JFreeChart chart, int height) {
    BufferedImage image = chart.createBufferedImage(WIDTH, height);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
