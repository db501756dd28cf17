package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrgencyRulesTest {
  private static final Map<String, String> REASONS =
      Map.of(
          "legal", "mentions legal action",
          "chargeback", "threatens a chargeback",
          "deadline", "time-critical",
          "soon", "needs it soon",
          "outage", "reports something not working",
          "fraud", "mentions fraud or a security breach",
          "double-charge", "says they were charged twice",
          "churn", "threatens to cancel or leave",
          "safety", "mentions a safety risk");
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final SentimentModel.Sentiment ANGRY =
      new SentimentModel.Sentiment(SentimentModel.NEGATIVE, 0.93);
  private static final SentimentModel.Sentiment HAPPY =
      new SentimentModel.Sentiment(SentimentModel.POSITIVE, 0.9);

  private static UrgencyRules rules;

  @BeforeAll
  static void load() {
    rules = UrgencyRules.load();
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "legal         | en | If this is not fixed I will talk to my lawyer.",
        "legal         | de | Ich werde meinen Anwalt einschalten.",
        "legal         | fr | Je vais contacter mon avocat si rien ne bouge.",
        "legal         | es | Si no me devuelven el dinero hablaré con mi abogado.",
        "legal         | it | Se non risolvete mi rivolgo al mio avvocato.",
        "legal         | pt | Vou processar a empresa se não resolverem.",
        "chargeback    | en | I'll file a chargeback with my card issuer.",
        "chargeback    | de | Sonst veranlasse ich eine Rückbuchung bei meiner Bank.",
        "chargeback    | fr | Je vais faire opposition auprès de ma banque.",
        "chargeback    | es | Voy a pedir un contracargo a la tarjeta.",
        "chargeback    | it | Chiederò lo storno alla mia banca.",
        "chargeback    | pt | Vou pedir o estorno no cartão.",
        "deadline      | en | My flight leaves on Friday and the suitcase is still not here.",
        "deadline      | de | Ich brauche den Koffer dringend für meinen Flug.",
        "deadline      | fr | C'est urgent, mon vol part samedi.",
        "deadline      | es | Es urgente, mi vuelo sale el sábado.",
        "deadline      | it | È urgente, il mio volo parte sabato.",
        "deadline      | pt | É urgente, meu voo sai no sábado.",
        "soon          | en | Can you deliver it tomorrow?",
        "soon          | de | Kann das Paket morgen kommen?",
        "soon          | fr | Pouvez-vous livrer demain ?",
        "soon          | es | ¿Pueden entregarlo mañana?",
        "soon          | it | Potete consegnarlo domani?",
        "soon          | pt | Podem entregar amanhã?",
        "outage        | en | The app is not working since the update.",
        "outage        | de | Die App funktioniert nicht mehr.",
        "outage        | fr | L'application ne fonctionne plus depuis hier.",
        "outage        | es | La aplicación no funciona desde ayer.",
        "outage        | it | L'app non funziona da ieri.",
        "outage        | pt | O aplicativo não funciona desde ontem.",
        "fraud         | en | My account was hacked and someone changed the address.",
        "fraud         | de | Mein Konto wurde gehackt.",
        "fraud         | fr | Mon compte a été piraté.",
        "fraud         | es | Me han hackeado la cuenta.",
        "fraud         | it | Il mio account è stato hackerato.",
        "fraud         | pt | Minha conta foi hackeada.",
        "double-charge | en | You charged me twice for one order.",
        "double-charge | de | Sie haben den Betrag doppelt abgebucht.",
        "double-charge | fr | J'ai été prélevé deux fois.",
        "double-charge | es | Me cobraron dos veces el mismo pedido.",
        "double-charge | it | Mi avete addebitato due volte l'ordine.",
        "double-charge | pt | Fui cobrado duas vezes pelo mesmo pedido.",
        "churn         | en | I want to cancel my subscription.",
        "churn         | de | Ich werde meinen Vertrag kündigen.",
        "churn         | fr | Je vais résilier mon abonnement.",
        "churn         | es | Quiero darme de baja del servicio.",
        "churn         | it | Voglio disdire il contratto.",
        "churn         | pt | Quero cancelar minha assinatura.",
        "safety        | en | The battery got hot and started to smoke.",
        "safety        | de | Der Akku ist überhitzt und hat geraucht.",
        "safety        | fr | La batterie a pris feu pendant la charge.",
        "safety        | es | El cargador echó humo y se quemó.",
        "safety        | it | Il caricabatterie ha preso fuoco.",
        "safety        | pt | A bateria explodiu durante a carga.",
      })
  void textShouldGiveItsReasonInEveryLanguage(String reason, String lang, String text) {
    UrgencyRules.Urgency u = rules.assess(text);
    assertThat(u.reasons()).anySatisfy(r -> assertThat(r).startsWith(REASONS.get(reason)));
    assertThat(u.level()).isIn(UrgencyRules.NORMAL, UrgencyRules.HIGH, UrgencyRules.URGENT);
  }

  @Test
  void reasonShouldQuoteThePhraseFound() {
    assertThat(rules.assess("Ich werde meinen Anwalt einschalten.").reasons())
        .containsExactly("mentions legal action: \"anwalt\"");
  }

  /** A pre-sales question can wait (labelling guidelines, issue 20); it used to be normal. */
  @Test
  void plainQuestionShouldBeLowAndSaySo() {
    UrgencyRules.Urgency u = rules.assess("Do you ship to Canada?");
    assertThat(u.level()).isEqualTo(UrgencyRules.LOW);
    assertThat(u.reasons()).containsExactly("a question, no problem named");
  }

  @Test
  void statementWithoutSignalsShouldBeNormalWithoutReasons() {
    UrgencyRules.Urgency u = rules.assess("Order NW-48213 if that helps.");
    assertThat(u.level()).isEqualTo(UrgencyRules.NORMAL);
    assertThat(u.reasons()).isEmpty();
  }

  @Test
  void positiveMessageWithoutSignalsShouldBeLow() {
    UrgencyRules.Urgency u =
        rules.assess("Thanks, all good!", HAPPY, ConversationFacts.Facts.NONE, false, NOW);
    assertThat(u.level()).isEqualTo(UrgencyRules.LOW);
  }

  @Test
  void greetingShouldNotCountAsTomorrow() {
    assertThat(rules.assess("Guten Morgen, ich habe eine Frage zur Rechnung.").reasons())
        .isEmpty();
    assertThat(rules.assess("Esta mañana recibí el paquete.").reasons()).isEmpty();
  }

  @Test
  void singleStrongSignalShouldBeHigh() {
    assertThat(rules.assess("The app is not working since the update.").level())
        .isEqualTo(UrgencyRules.HIGH);
  }

  @Test
  void safetyRiskShouldBeUrgentOnItsOwn() {
    assertThat(rules.assess("The charger caught fire last night.").level())
        .isEqualTo(UrgencyRules.URGENT);
  }

  @Test
  void legalThreatWithStrongAngerShouldBeUrgent() {
    UrgencyRules.Urgency u =
        rules.assess("I will sue you.", ANGRY, ConversationFacts.Facts.NONE, false, NOW);
    assertThat(u.level()).isEqualTo(UrgencyRules.URGENT);
    assertThat(u.reasons()).contains("strongly negative");
  }

  @Test
  void repeatedUnansweredMessagesShouldBeCountedWithTheirTimeSpan() {
    ConversationFacts.Facts facts =
        new ConversationFacts.Facts(2, NOW.minus(Duration.ofHours(2)), Set.of(), null);
    UrgencyRules.Urgency u = rules.assess("Hello?", null, facts, false, NOW);
    assertThat(u.reasons()).containsExactly("3rd message in 2 hours without an answer");
    assertThat(u.level()).isEqualTo(UrgencyRules.HIGH);
  }

  @Test
  void longWaitShouldBeAReason() {
    ConversationFacts.Facts facts =
        new ConversationFacts.Facts(0, NOW.minus(Duration.ofHours(30)), Set.of(), null);
    assertThat(rules.assess("Any news?", null, facts, false, NOW).reasons())
        .containsExactly("waiting 30 hours for an answer");
  }

  /**
   * Anger in public is named but raises nothing on its own: the development set labels such
   * complaints normal unless they carry a reason of their own (ADR 0029).
   */
  @Test
  void negativePublicPostShouldSayPublicPost() {
    UrgencyRules.Urgency u =
        rules.assess("Worst airline ever.", ANGRY, ConversationFacts.Facts.NONE, true, NOW);
    assertThat(u.reasons()).containsExactly("strongly negative", "public post");
    assertThat(u.level()).isEqualTo(UrgencyRules.NORMAL);
  }

  @Test
  void publicPostShouldRaiseAMessageWithAReasonOfItsOwn() {
    UrgencyRules.Urgency u = rules.assess(
        "Can you deliver it tomorrow? Still waiting.", null, ConversationFacts.Facts.NONE, true,
        NOW);
    assertThat(u.reasons()).contains("needs it soon: \"tomorrow\"", "public post");
    assertThat(u.level()).isEqualTo(UrgencyRules.HIGH);
  }

  @Test
  void positivePublicPostShouldNotBeRaised() {
    UrgencyRules.Urgency u =
        rules.assess("Love the new bags!", HAPPY, ConversationFacts.Facts.NONE, true, NOW);
    assertThat(u.reasons()).doesNotContain("public post");
    assertThat(u.level()).isEqualTo(UrgencyRules.LOW);
  }

  @Test
  void vipContactShouldBeAReason() {
    ConversationFacts.Facts vip = new ConversationFacts.Facts(0, null, Set.of("VIP"), null);
    UrgencyRules.Urgency u =
        rules.assess("Can you deliver it tomorrow?", null, vip, false, NOW);
    assertThat(u.reasons()).contains("VIP contact");
    assertThat(u.level()).isEqualTo(UrgencyRules.HIGH);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | Is the 40L waterproof or just splash resistant?",
        "de | Gibt es die Jacke auch in Größe M?",
        "fr | Livrez-vous en Belgique ?",
        "es | ¿Tienen la mochila en color negro?",
        "it | Avete la taglia 42 disponibile?",
        "pt | Vocês entregam em Portugal?",
      })
  void preSalesQuestionShouldBeLowEvenWhenReadAsNegative(String lang, String text) {
    UrgencyRules.Urgency u = rules.assess(text, ANGRY, ConversationFacts.Facts.NONE, true, NOW);
    assertThat(u.level()).as(lang).isEqualTo(UrgencyRules.LOW);
    assertThat(u.reasons()).as(lang).noneSatisfy(r -> assertThat(r).isEqualTo("public post"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | Where is my order? It was due on Monday.",
        "de | Meine Bestellung ist noch nicht angekommen, können Sie nachsehen?",
        "fr | Ma commande n'est toujours pas arrivée, pouvez-vous vérifier ?",
        "es | Mi pedido no ha llegado, ¿pueden revisarlo?",
        "it | Il mio ordine è in ritardo, potete controllare?",
        "pt | Meu pedido ainda não chegou, podem verificar?",
      })
  void politeProblemShouldStayNormal(String lang, String text) {
    UrgencyRules.Urgency u = rules.assess(text, HAPPY, ConversationFacts.Facts.NONE, false, NOW);
    assertThat(u.level()).as(lang).isEqualTo(UrgencyRules.NORMAL);
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cannot get into their account | en | I'm locked out of my account and payday is Friday.",
        "cannot get into their account | de | Mein Konto ist gesperrt, ich komme nicht rein.",
        "cannot get into their account | fr | Mon compte est bloqué depuis ce matin.",
        "says it is critical           | es | Es crítico: perdimos todos los pedidos de hoy.",
        "says it is critical           | it | Problema critico, tutti gli utenti sono fuori.",
        "says money was taken wrongly  | pt | Houve uma cobrança indevida no meu cartão.",
        "says money was taken wrongly  | en | I cancelled in March and you still charged me anyway.",
        "has asked before without an answer | en | hello?? 4th message, no answer",
        "has asked before without an answer | de | Das ist meine dritte Mail und immer noch keine Antwort.",
        "reports something not working | en | No broadband since Monday, I work from home.",
      })
  void newHighSignalsShouldMakeAMessageHigh(String reason, String lang, String text) {
    UrgencyRules.Urgency u = rules.assess(text);
    assertThat(u.reasons()).as(lang).anySatisfy(r -> assertThat(r).startsWith(reason));
    assertThat(u.level()).as(lang).isIn(UrgencyRules.HIGH, UrgencyRules.URGENT);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | Not urgent, but could you send me the manual when you have time?",
        "de | Nicht dringend: ich hätte gern einen Vorschlag für eine neue Funktion.",
        "fr | Pas urgent, j'ai une suggestion pour l'application.",
        "es | No es urgente, solo una sugerencia para la app.",
        "it | Non è urgente, ho un suggerimento per l'app.",
        "pt | Não é urgente, só uma sugestão para o aplicativo.",
      })
  void saidToWaitShouldNotCountAsUrgent(String lang, String text) {
    UrgencyRules.Urgency u = rules.assess(text);
    assertThat(u.level()).as(lang).isEqualTo(UrgencyRules.LOW);
    assertThat(u.reasons()).as(lang).noneSatisfy(r -> assertThat(r).startsWith("time-critical"));
  }

  @Test
  void intermittentProblemWithAWorkaroundShouldScoreAPointLess() {
    UrgencyRules.Urgency u = rules.assess(
        "The sync stopped working now and then; we have a workaround for now.");
    assertThat(u.reasons())
        .anySatisfy(r -> assertThat(r).startsWith("only now and then or worked around"));
    assertThat(u.level()).isEqualTo(UrgencyRules.NORMAL);
  }

  /** Formal tickets that ask for guidance name a problem in passing; they can wait (ADR 0044). */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | Dear Support Team, I would like to request updated documentation and best practices"
            + " for the backup module. Could you share some examples? Step 4 of the current guide"
            + " has a small issue.",
        "de | Liebes Support-Team, ich bitte um eine aktualisierte Dokumentation und Empfehlungen"
            + " für die Einrichtung des Backup-Moduls. Könnten Sie Beispiele schicken? In Schritt 4"
            + " fehlt ein Hinweis.",
        "fr | Bonjour, je souhaiterais recevoir une documentation à jour et des conseils sur les"
            + " bonnes pratiques pour le module de sauvegarde. Auriez-vous des exemples ? L'étape 4"
            + " contient une erreur.",
        "es | Estimado equipo, me gustaría recibir documentación actualizada y recomendaciones de"
            + " buenas prácticas para el módulo de copias. ¿Podrían enviar ejemplos? El paso 4 tiene"
            + " un error.",
        "it | Gentile supporto, vorrei ricevere la documentazione aggiornata e consigli sulle buone"
            + " pratiche per il modulo di backup. Potete inviare degli esempi? Il passo 4 contiene un"
            + " errore.",
        "pt | Prezado suporte, gostaria de receber documentação atualizada e recomendações de boas"
            + " práticas para o módulo de backup. Podem enviar exemplos? O passo 4 tem um erro.",
      })
  void ticketAskingForGuidanceShouldBeLowThoughItNamesAProblem(String lang, String text) {
    UrgencyRules.Urgency u = rules.assess(text, ANGRY, ConversationFacts.Facts.NONE, false, NOW);
    assertThat(u.level()).as(lang).isEqualTo(UrgencyRules.LOW);
    assertThat(u.reasons()).as(lang).singleElement().satisfies(r -> assertThat(r)
        .matches("(opens with a request for information, advice or an improvement|says it is"
            + " minor).*"));
  }

  /**
   * A ticket that opens with its request and names several problems further down is low; one that
   * opens with its problem is not (ADR 0049).
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | Request for documentation on user roles | Dear support, could you send documentation"
            + " on user roles? | Dear support, we have a problem: the export fails with an error."
            + " Could you send documentation?",
        "de | Anfrage nach Dokumentation zu Benutzerrollen | Guten Tag, könnten Sie uns eine"
            + " Anleitung zu Benutzerrollen schicken? | Guten Tag, wir haben ein Problem: der Export"
            + " bricht mit einem Fehler ab. Gibt es eine Anleitung?",
        "fr | Demande de documentation sur les rôles | Bonjour, pourriez-vous nous envoyer un guide"
            + " sur les rôles ? | Bonjour, nous avons un problème : l'export échoue avec une erreur."
            + " Avez-vous un guide ?",
        "es | Solicitud de documentación sobre roles | Hola, ¿podrían enviarnos una guía sobre los"
            + " roles? | Hola, tenemos un problema: la exportación falla con un error. ¿Tienen una"
            + " guía?",
        "it | Richiesta di documentazione sui ruoli | Buongiorno, potete inviarci una guida sui"
            + " ruoli? | Buongiorno, abbiamo un problema: l'esportazione non riesce e dà un errore."
            + " Avete una guida?",
        "pt | Pedido de documentação sobre perfis | Olá, podem enviar um guia sobre os perfis? |"
            + " Olá, temos um problema: a exportação falha com um erro. Vocês têm um guia?",
      })
  void ticketShouldBeWeighedByWhatItOpensWith(
      String lang, String subject, String request, String fault) {
    String later = " We plan to roll this out to every office next quarter, and my colleagues"
        + " would like to read up on it beforehand, so anything you have on this topic would be"
        + " welcome. Background: last month the import failed with an error, a field was missing"
        + " and the report was wrong.";
    UrgencyRules.Urgency asks = rules.assess(subject + "\n" + request + later);
    assertThat(asks.level()).as(lang).isEqualTo(UrgencyRules.LOW);
    assertThat(asks.reasons()).as(lang).singleElement().satisfies(r -> assertThat(r)
        .startsWith("opens with a request for information, advice or an improvement"));
    assertThat(rules.assess(fault + later).level()).as(lang).isEqualTo(UrgencyRules.NORMAL);
  }

  /** "Not critical" holds "critical", and a minor problem can wait (ADR 0049). */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | The export shows an error. It is not critical. | Small thing: the logo looks blurry"
            + " on the invoice.",
        "de | Der Export zeigt einen Fehler. Das ist nicht kritisch. | Nur eine Kleinigkeit: das"
            + " Logo ist auf der Rechnung unscharf.",
        "fr | L'export affiche une erreur. Ce n'est pas critique. | Un petit détail : le logo est"
            + " flou sur la facture.",
        "es | La exportación muestra un error. No es crítico. | Un detalle sin importancia: el logo"
            + " sale borroso en la factura.",
        "it | L'esportazione mostra un errore. Non è critico. | Un piccolo dettaglio: il logo è"
            + " sfocato sulla fattura.",
        "pt | A exportação mostra um erro. Não é crítico. | Um pequeno detalhe: o logotipo está"
            + " borrado na fatura.",
      })
  void playedDownProblemShouldNotBeHighAndMinorOneShouldWait(
      String lang, String notCritical, String minor) {
    UrgencyRules.Urgency u = rules.assess(notCritical);
    assertThat(u.level()).as(lang).isEqualTo(UrgencyRules.NORMAL);
    assertThat(u.reasons()).as(lang).noneSatisfy(r -> assertThat(r).startsWith("says it is critical"));
    UrgencyRules.Urgency m = rules.assess(minor);
    assertThat(m.level()).as(lang).isEqualTo(UrgencyRules.LOW);
    assertThat(m.reasons()).as(lang).singleElement().satisfies(r -> assertThat(r)
        .startsWith("says it is minor"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | I am writing to report an error: the invoice export fails and the file is missing."
            + " Could you provide guidance?",
        "de | Ich melde einen Fehler: der Rechnungsexport schlägt fehl und die Datei fehlt. Können"
            + " Sie mir eine Anleitung geben?",
        "fr | Je vous écris pour signaler une erreur : l'export de facture échoue et le fichier est"
            + " manquant. Pouvez-vous me conseiller ?",
        "es | Les escribo para informar de un error: la exportación de la factura falló y falta el"
            + " archivo. ¿Pueden darme orientación?",
        "it | Vi scrivo per segnalare un errore: l'esportazione della fattura è fallita e il file è"
            + " mancante. Potete darmi indicazioni?",
        "pt | Escrevo para relatar um erro: a exportação da fatura falhou e o arquivo está"
            + " faltando. Podem dar orientação?",
      })
  void ticketReportingAFaultShouldStayNormalThoughItAsksForGuidance(String lang, String text) {
    UrgencyRules.Urgency u = rules.assess(text, HAPPY, ConversationFacts.Facts.NONE, false, NOW);
    assertThat(u.level()).as(lang).isEqualTo(UrgencyRules.NORMAL);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | Picked up the Transit 40 in your Leeds shop today, the staff were lovely.",
        "de | Das Paket kam heute Morgen an, vielen Dank für die schnelle Lieferung!",
        "fr | Le colis est arrivé ce matin, merci pour la rapidité !",
        "es | El paquete llegó hoy, ¡muchas gracias por la rapidez!",
        "it | Il pacco è arrivato oggi, grazie mille per la velocità!",
        "pt | A encomenda chegou hoje, muito obrigado pela rapidez!",
      })
  void aTimeWordInPraiseShouldSayWhenNotBeADeadline(String lang, String text) {
    UrgencyRules.Urgency praised = rules.assess(text, HAPPY, ConversationFacts.Facts.NONE, false, NOW);
    assertThat(praised.reasons()).as(lang).noneMatch(r -> r.startsWith(REASONS.get("soon")));
    assertThat(praised.level()).as(lang).isIn(UrgencyRules.LOW, UrgencyRules.NORMAL);
    // read as anything but praise, the same time word still counts
    UrgencyRules.Urgency complained = rules.assess(text, ANGRY, ConversationFacts.Facts.NONE, false, NOW);
    assertThat(complained.reasons()).as(lang).anyMatch(r -> r.startsWith(REASONS.get("soon")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | This is a low-priority request: the colour contrast on the dashboard is hard to read"
            + " and the export button is in the wrong place.",
        "de | Es handelt sich um eine Angelegenheit mit niedriger Priorität: der Farbkontrast im"
            + " Dashboard ist schwer lesbar und der Export-Knopf ist falsch platziert.",
        "fr | Ce n'est pas prioritaire : le contraste du tableau de bord est difficile à lire et le"
            + " bouton d'export est au mauvais endroit, ce qui est incorrect.",
        "es | No es prioritario: el contraste del panel es difícil de leer y el botón de"
            + " exportación está en un lugar incorrecto.",
        "it | Non è prioritario: il contrasto della dashboard è difficile da leggere e il pulsante"
            + " di esportazione è nel posto sbagliato.",
        "pt | Não é prioritário: o contraste do painel é difícil de ler e o botão de exportação"
            + " está no lugar errado.",
      })
  void lowPriorityStatedShouldMakeATicketLowThoughItNamesAProblem(String lang, String text) {
    UrgencyRules.Urgency u = rules.assess(text, ANGRY, ConversationFacts.Facts.NONE, false, NOW);
    assertThat(u.level()).as(lang).isEqualTo(UrgencyRules.LOW);
    assertThat(u.reasons()).as(lang).singleElement()
        .satisfies(r -> assertThat(r).startsWith("can wait: "));
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "time-critical | en | Our payment gateway needs immediate attention.",
        "time-critical | de | Wir benötigen sofortige Unterstützung beim Zahlungsmodul.",
        "time-critical | fr | Le module de paiement nécessite une intervention immédiate.",
        "time-critical | es | El módulo de pagos requiere atención inmediata.",
        "time-critical | it | Il modulo dei pagamenti richiede un intervento immediato.",
        "time-critical | pt | O módulo de pagamentos precisa de atenção imediata.",
        "mentions fraud or a security breach | en | Ransomware encrypted the shared drive.",
        "mentions fraud or a security breach | de | Wir haben eine Schwachstelle im Login entdeckt.",
        "mentions fraud or a security breach | fr | Une vulnérabilité a été trouvée dans le portail.",
        "mentions fraud or a security breach | es | Hay una vulnerabilidad en el portal de clientes.",
        "mentions fraud or a security breach | it | C'è una vulnerabilità nel portale clienti.",
        "mentions fraud or a security breach | pt | Há uma vulnerabilidade no portal de clientes.",
        "reports something not working | de | Die Anwendung stürzt ab, sobald ich speichere, weil"
            + " sie jedes Mal abstürzt.",
      })
  void ticketWordsForImmediateNeedsAndBreachesShouldMakeATicketHigh(
      String reason, String lang, String text) {
    UrgencyRules.Urgency u = rules.assess(text);
    assertThat(u.reasons()).as(lang).anySatisfy(r -> assertThat(r).startsWith(reason));
    assertThat(u.level()).as(lang).isIn(UrgencyRules.HIGH, UrgencyRules.URGENT);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | The report page is loading slowly, which is affecting our productivity.",
        "de | Die Berichtsseite lädt langsam, das beeinträchtigt unsere Produktivität.",
        "fr | La page des rapports est lente, ce qui affecte notre productivité.",
        "es | La página de informes va lenta y está afectando nuestra productividad.",
        "it | La pagina dei report è lenta e compromette la produttività.",
        "pt | A página de relatórios está lenta e prejudicando a produtividade.",
      })
  void lostProductivityShouldBeAReasonButNotHighOnItsOwn(String lang, String text) {
    UrgencyRules.Urgency u = rules.assess(text);
    assertThat(u.reasons()).as(lang)
        .anySatisfy(r -> assertThat(r).startsWith("says it hurts their business"));
    assertThat(u.level()).as(lang).isEqualTo(UrgencyRules.NORMAL);
  }

  @Test
  void wishToImproveProductivityShouldNotCountAsHarm() {
    UrgencyRules.Urgency u = rules.assess(
        "We would like documentation and examples to improve productivity in our team.");
    assertThat(u.reasons()).noneSatisfy(r -> assertThat(r).startsWith("says it hurts"));
    assertThat(u.level()).isEqualTo(UrgencyRules.LOW);
  }

  @Test
  void ordinalsAndDurationsShouldReadNaturally() {
    assertThat(UrgencyRules.ordinal(2)).isEqualTo("2nd");
    assertThat(UrgencyRules.ordinal(11)).isEqualTo("11th");
    assertThat(UrgencyRules.ordinal(23)).isEqualTo("23rd");
    assertThat(UrgencyRules.humanize(Duration.ofMinutes(45))).isEqualTo("45 minutes");
    assertThat(UrgencyRules.humanize(Duration.ofHours(3))).isEqualTo("3 hours");
    assertThat(UrgencyRules.humanize(Duration.ofDays(4))).isEqualTo("4 days");
  }
}
