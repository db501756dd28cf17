import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Realistic customer emails for the ingest benchmark, the same for every run (fixed seed): 60 %
 * plain text, 30 % multipart/alternative (text and HTML), 10 % with an attachment of 20–200 KB;
 * quoted history in replies; a quarter of them answer an earlier message of the same customer
 * (In-Reply-To and References), so threading has work to do. Sizes average about 20 KB.
 */
final class Corpus {
  static final String SUPPORT = "support@shop.test";

  private static final String[] FIRST = {"Anna", "Ben", "Chloé", "Dmitri", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kai", "Lena", "Marta", "Nils", "Olu", "Paula"};
  private static final String[] LAST = {"Schmidt", "Rossi", "Dubois", "Novak", "García", "Okafor", "Tanaka", "Berg", "Silva", "Kowalski"};
  private static final String[] SUBJECTS = {
    "Where is my order %d?", "Refund for order %d", "Charged twice on invoice %d", "Wrong size delivered (%d)",
    "Lieferung %d fehlt", "Commande %d non reçue", "Pedido %d dañado", "Change delivery address for %d",
    "Cannot log in to my account", "Question about warranty %d", "Thank you for the quick help!", "URGENT: parcel %d lost"};
  private static final String[] BODIES = {
    "Hello,\n\nI ordered %d two weeks ago and the tracking has not moved since Monday. Could you please check with the carrier and tell me when it will arrive? I need it for a birthday on Saturday.\n\nThanks",
    "Hi,\n\nmy card was charged twice for order %d. Please refund the second payment as soon as possible, this is not acceptable.\n\nRegards",
    "Guten Tag,\n\nmeine Bestellung %d ist immer noch nicht angekommen. Bitte um schnelle Rückmeldung, ich warte seit drei Wochen.\n\nMit freundlichen Grüßen",
    "Bonjour,\n\nje n'ai toujours pas reçu ma commande %d. Pouvez-vous vérifier auprès du transporteur ?\n\nCordialement",
    "Hola,\n\nel paquete %d llegó dañado, la caja estaba rota y el producto no funciona. ¿Cómo puedo devolverlo?\n\nGracias",
    "Hi there,\n\njust wanted to say thank you, Maria solved my problem with order %d in minutes. Great service!\n\nBest",
    "Hello,\n\nthe charger I received with order %d started smoking when I plugged it in. This is dangerous, I want a replacement and an explanation immediately.\n\n",
    "Hi,\n\ncan I still change the delivery address for order %d? I am moving next week.\n\nCheers"};

  record Mail(String messageId, byte[] rfc822) {}

  private Corpus() {}

  /** {@code n} emails, oldest first. */
  static List<Mail> generate(int n) {
    Random rnd = new Random(20261123);
    List<Mail> out = new ArrayList<>(n);
    List<String[]> earlier = new ArrayList<>(); // {from, messageId, subject}
    long day = 1_795_000_000_000L;
    for (int i = 0; i < n; i++) {
      String from;
      String name;
      String subject;
      String inReplyTo = null;
      int order = 100_000 + rnd.nextInt(900_000);
      if (!earlier.isEmpty() && rnd.nextInt(4) == 0) {
        String[] prev = earlier.get(earlier.size() - 1 - rnd.nextInt(Math.min(200, earlier.size())));
        from = prev[0];
        name = prev[3];
        subject = prev[2].startsWith("Re: ") ? prev[2] : "Re: " + prev[2];
        inReplyTo = prev[1];
      } else {
        String first = FIRST[rnd.nextInt(FIRST.length)];
        String last = LAST[rnd.nextInt(LAST.length)];
        name = first + " " + last;
        from = (first + "." + last + i).toLowerCase().replaceAll("[^a-z0-9.]", "") + "@customer" + (i % 50) + ".test";
        subject = String.format(SUBJECTS[rnd.nextInt(SUBJECTS.length)], order);
      }
      String id = "<bench-" + i + "." + Long.toHexString(rnd.nextLong()) + "@customer.test>";
      String body = String.format(BODIES[rnd.nextInt(BODIES.length)], order);
      if (inReplyTo != null) {
        body = body + "\n\nOn Monday, Shop Support wrote:\n" + quote(rnd, 15 + rnd.nextInt(60));
      } else {
        body = body + "\n\n" + signature(name, rnd);
      }
      int kind = rnd.nextInt(10);
      StringBuilder s = new StringBuilder(4096);
      s.append("Return-Path: <").append(from).append(">\r\n");
      s.append("Received: from mx").append(rnd.nextInt(9)).append(".customer.test (mx.customer.test [192.0.2.")
          .append(rnd.nextInt(250)).append("]) by mail.shop.test with ESMTPS id ").append(Long.toHexString(rnd.nextLong()))
          .append("\r\n\tfor <").append(SUPPORT).append(">; Mon, 23 Nov 2026 10:00:00 +0000\r\n");
      s.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=customer.test; s=sel; h=from:to:subject:date;\r\n\tb=")
          .append(base64(rnd, 180)).append("\r\n");
      s.append("From: ").append(name).append(" <").append(from).append(">\r\n");
      s.append("To: Shop Support <").append(SUPPORT).append(">\r\n");
      s.append("Subject: ").append(subject).append("\r\n");
      s.append("Date: ").append(new java.text.SimpleDateFormat("EEE, d MMM yyyy HH:mm:ss Z", java.util.Locale.ROOT).format(new java.util.Date(day + i * 60_000L))).append("\r\n");
      s.append("Message-ID: ").append(id).append("\r\n");
      if (inReplyTo != null) {
        s.append("In-Reply-To: ").append(inReplyTo).append("\r\nReferences: ").append(inReplyTo).append("\r\n");
      }
      s.append("MIME-Version: 1.0\r\n");
      if (kind < 6) {
        s.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        s.append(crlf(body)).append("\r\n");
      } else {
        String alt = "alt-" + i;
        String html = "<html><body><div style=\"font-family:Arial\">" + body.replace("&", "&amp;").replace("<", "&lt;").replace("\n\n", "</p><p>").replace("\n", "<br>") + "</div>" + "<div style=\"color:#888\">" + "&nbsp;".repeat(rnd.nextInt(400)) + "</div></body></html>";
        String alternative =
            "Content-Type: multipart/alternative; boundary=\"" + alt + "\"\r\n\r\n"
                + "--" + alt + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + crlf(body) + "\r\n"
                + "--" + alt + "\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + crlf(html) + "\r\n"
                + "--" + alt + "--\r\n";
        if (kind < 9) {
          s.append(alternative);
        } else {
          String mixed = "mixed-" + i;
          s.append("Content-Type: multipart/mixed; boundary=\"").append(mixed).append("\"\r\n\r\n");
          s.append("--").append(mixed).append("\r\n").append(alternative);
          s.append("--").append(mixed).append("\r\nContent-Type: application/pdf; name=\"invoice-").append(order)
              .append(".pdf\"\r\nContent-Disposition: attachment; filename=\"invoice-").append(order)
              .append(".pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
          String b64 = base64(rnd, 20_000 + rnd.nextInt(180_000));
          for (int k = 0; k < b64.length(); k += 76) {
            s.append(b64, k, Math.min(b64.length(), k + 76)).append("\r\n");
          }
          s.append("--").append(mixed).append("--\r\n");
        }
      }
      out.add(new Mail(id, s.toString().getBytes(StandardCharsets.UTF_8)));
      earlier.add(new String[] {from, id, subject, name});
    }
    return out;
  }

  private static String crlf(String s) {
    return s.replace("\r\n", "\n").replace("\n", "\r\n");
  }

  private static String quote(Random rnd, int lines) {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      q.append("> Thank you for your message. We have looked into your order and ").append(rnd.nextInt(1000)).append(" items\n");
    }
    return q.toString();
  }

  private static String signature(String name, Random rnd) {
    return "--\n" + name + "\n+49 30 " + (1000000 + rnd.nextInt(8999999)) + "\nSent from my phone";
  }

  private static String base64(Random rnd, int bytes) {
    byte[] b = new byte[bytes * 3 / 4];
    rnd.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
