import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Realistic customer emails for the ingest benchmark, the same for every run (fixed seed): 70 %
 * plain text of 1–4 KB, 20 % text + HTML (multipart/alternative) of 5–20 KB, 10 % with one
 * attachment of 50–200 KB; 30 % are replies in a thread (In-Reply-To and References to an earlier
 * message of the same customer, with quoted history), so threading has work to do; English,
 * German, French, Spanish, Italian, Portuguese and Dutch bodies, so language detection does too.
 * Mail headers as a real MTA writes them (Received, DKIM-Signature).
 */
final class Corpus {
  static final String SUPPORT = "support@shop.test";

  private static final String[] FIRST = {"Anna", "Ben", "Chloé", "Dmitri", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kai", "Lena", "Marta", "Nils", "Olu", "Paula"};
  private static final String[] LAST = {"Schmidt", "Rossi", "Dubois", "Novak", "García", "Okafor", "Tanaka", "Berg", "Silva", "Kowalski"};
  private static final String[] SUBJECTS = {
    "Where is my order %d?", "Refund for order %d", "Charged twice on invoice %d", "Wrong size delivered (%d)",
    "Lieferung %d fehlt", "Commande %d non reçue", "Pedido %d dañado", "Ordine %d in ritardo", "Encomenda %d atrasada",
    "Bestelling %d niet ontvangen", "Change delivery address for %d", "Cannot log in to my account",
    "Question about warranty %d", "Thank you for the quick help!", "URGENT: parcel %d lost"};
  /** Per language: an opening that names the order, then paragraphs that pad a body to its size. */
  private static final String[][] LANGUAGES = {
    {"Hello,\n\nI ordered %d two weeks ago and the tracking has not moved since Monday. Could you please check with the carrier and tell me when it will arrive? I need it for a birthday on Saturday.",
     "I have already called your hotline twice and each time I was told to wait another few days. That is not what I expected from a shop I have ordered from for years, and I would like a clear answer this time.",
     "If the parcel cannot be found, please send a replacement or refund the full amount including the shipping costs. I attached the confirmation you sent me when I placed the order.",
     "Thank you for looking into it, and please let me know if you need anything else from me."},
    {"Guten Tag,\n\nmeine Bestellung %d ist immer noch nicht angekommen. Bitte um schnelle Rückmeldung, ich warte seit drei Wochen.",
     "Laut Sendungsverfolgung liegt das Paket seit zehn Tagen im Verteilzentrum, und niemand kann mir sagen, wann es weitergeht. Ich habe die Ware bereits bezahlt und brauche sie dringend für die Arbeit.",
     "Falls das Paket verloren gegangen ist, schicken Sie mir bitte eine Ersatzlieferung oder erstatten Sie mir den vollen Betrag einschließlich der Versandkosten.",
     "Vielen Dank im Voraus für Ihre Hilfe und eine kurze Antwort."},
    {"Bonjour,\n\nje n'ai toujours pas reçu ma commande %d. Pouvez-vous vérifier auprès du transporteur ?",
     "Le suivi indique que le colis est en cours de livraison depuis plus d'une semaine, mais rien n'est arrivé chez moi et le livreur ne m'a jamais contacté. Je suis très déçue par ce service.",
     "Si le colis est perdu, merci de m'envoyer un nouvel article ou de me rembourser intégralement, frais de port compris. Je reste disponible par téléphone toute la journée.",
     "Merci d'avance pour votre retour rapide."},
    {"Hola,\n\nel paquete %d llegó dañado, la caja estaba rota y el producto no funciona. ¿Cómo puedo devolverlo?",
     "He intentado ponerme en contacto por teléfono varias veces, pero nadie contesta y el formulario de la web da un error al enviar las fotos. Necesito una solución cuanto antes.",
     "Les pido que me envíen una etiqueta de devolución y un producto nuevo, o que me devuelvan el dinero completo, incluidos los gastos de envío.",
     "Muchas gracias por su ayuda."},
    {"Buongiorno,\n\nl'ordine %d non è ancora arrivato e il tracciamento non si aggiorna da giorni. Potete verificare con il corriere?",
     "Ho già scritto due volte senza ricevere risposta e comincio a preoccuparmi, perché il pacco contiene un regalo che devo consegnare la settimana prossima.",
     "Se il pacco è andato perso vi chiedo di spedirne uno nuovo oppure di rimborsarmi l'intero importo, comprese le spese di spedizione.",
     "Grazie mille per l'attenzione e cordiali saluti."},
    {"Olá,\n\na minha encomenda %d ainda não chegou e o rastreamento não muda há uma semana. Podem verificar com a transportadora?",
     "Já liguei para o apoio ao cliente duas vezes e disseram-me para esperar, mas preciso do produto com urgência para o trabalho e não posso esperar muito mais tempo.",
     "Se a encomenda se perdeu, peço que enviem outra ou que devolvam o valor total, incluindo os portes de envio.",
     "Obrigada desde já pela ajuda."},
    {"Goedendag,\n\nmijn bestelling %d is nog steeds niet aangekomen. Kunt u bij de vervoerder navragen waar het pakket is?",
     "Volgens de track-and-trace ligt het pakket al een week in het sorteercentrum en niemand kan mij vertellen wanneer het verder gaat. Ik heb al betaald en heb het dringend nodig.",
     "Als het pakket kwijt is, stuur dan alstublieft een nieuwe of betaal het volledige bedrag terug, inclusief de verzendkosten.",
     "Alvast bedankt voor uw hulp."}};

  record Mail(String messageId, byte[] rfc822) {}

  private Corpus() {}

  /** {@code n} emails, oldest first. */
  static List<Mail> generate(int n) {
    Random rnd = new Random(20261123);
    List<Mail> out = new ArrayList<>(n);
    List<String[]> earlier = new ArrayList<>(); // {from, messageId, subject, name}
    long day = 1_795_000_000_000L;
    for (int i = 0; i < n; i++) {
      String from;
      String name;
      String subject;
      String inReplyTo = null;
      int order = 100_000 + rnd.nextInt(900_000);
      if (!earlier.isEmpty() && rnd.nextInt(10) < 3) {
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
      int kind = rnd.nextInt(10); // 0-6 plain, 7-8 text + HTML, 9 attachment
      int target = kind < 7 ? 1024 + rnd.nextInt(3 * 1024) : kind < 9 ? 5 * 1024 + rnd.nextInt(15 * 1024) : 0;
      String[] lang = LANGUAGES[rnd.nextInt(LANGUAGES.length)];
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
      // the text part takes what the headers leave of the target (an HTML part doubles it)
      int room = Math.max(400, kind < 7 ? target - s.length() - 120 : kind < 9 ? (target - s.length()) * 2 / 5 : 1500);
      String body = body(rnd, lang, order, name, inReplyTo != null, room);
      if (kind < 7) {
        s.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        s.append(crlf(body)).append("\r\n");
      } else {
        String alt = "alt-" + i;
        String html = "<html><body><div style=\"font-family:Arial,sans-serif;font-size:14px;color:#222\"><p>"
            + body.replace("&", "&amp;").replace("<", "&lt;").replace("\n\n", "</p><p>").replace("\n", "<br>")
            + "</p></div></body></html>";
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
          // 50-200 KB as sent: base64 of 3/4 of that
          String b64 = base64(rnd, 50 * 1024 + rnd.nextInt(150 * 1024));
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

  /** The measured mix, e.g. "plain 1-4 KB 70 %, ..." (sizes as sent, headers included). */
  static String describe(List<Mail> mails) {
    int small = 0, html = 0, big = 0, replies = 0;
    for (Mail m : mails) {
      String head = new String(m.rfc822(), 0, Math.min(m.rfc822().length, 2000), StandardCharsets.UTF_8);
      int kb = m.rfc822().length / 1024;
      if (head.contains("multipart/mixed")) {
        big += kb >= 50 && kb <= 205 ? 1 : 0;
      } else if (head.contains("multipart/alternative")) {
        html += kb >= 5 && kb < 21 ? 1 : 0;
      } else {
        small += kb >= 1 && kb < 5 ? 1 : 0;
      }
      replies += head.contains("In-Reply-To:") ? 1 : 0;
    }
    double n = mails.size() / 100.0;
    return String.format("plain 1-4 KB %.0f %%, text+HTML 5-20 KB %.0f %%, one 50-200 KB attachment %.0f %%, replies %.0f %%",
        small / n, html / n, big / n, replies / n);
  }

  /** The opening, padding paragraphs up to about {@code room} characters, then a quote or a signature. */
  private static String body(Random rnd, String[] lang, int order, String name, boolean reply, int room) {
    StringBuilder b = new StringBuilder(String.format(lang[0], order));
    String tail = reply ? "\n\nOn Monday, Shop Support wrote:\n" + quote(rnd, 5 + rnd.nextInt(20)) : "\n\n" + signature(name, rnd);
    while (b.length() + tail.length() < room) {
      b.append("\n\n").append(lang[1 + rnd.nextInt(lang.length - 1)]);
    }
    return b.append(tail).toString();
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
