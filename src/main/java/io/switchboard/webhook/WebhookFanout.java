package io.switchboard.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.WebhookStore;
import io.switchboard.workflow.PerBatch;
import io.switchboard.workflow.WorkflowEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhooks' reaction on the workflow-events route (ADR 0030, 0039): for each workflow event,
 * one delivery row per enabled webhook that asked for the event's name, with its signed-to-be JSON
 * payload. Webhooks thus hear of exactly the changes the workflow reacts to, from the same durable
 * rows: a crash between a change and its webhook loses nothing. Idempotent: a workflow event
 * delivered again finds its deliveries written and adds none.
 */
public final class WebhookFanout implements WorkflowEvents {
  public static final String CONVERSATION_CREATED = "conversation.created";
  public static final String MESSAGE_RECEIVED = "message.received";
  public static final String MESSAGE_SENT = "message.sent";
  public static final String STATUS_CHANGED = "conversation.status_changed";
  public static final String ASSIGNED = "conversation.assigned";
  public static final String SLA_BREACHED = "sla.breached";
  public static final String CSAT_RATED = "csat.rated";

  /** Every event a webhook may ask for, in the order the README lists them. */
  public static final List<String> EVENTS =
      List.of(CONVERSATION_CREATED, MESSAGE_RECEIVED, MESSAGE_SENT, STATUS_CHANGED, ASSIGNED, SLA_BREACHED, CSAT_RATED);

  /** A message's text in a payload is cut to this many characters. */
  static final int MAX_TEXT = 4000;

  private static final ObjectMapper JSON =
      new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final WebhookStore store;
  /** The enabled webhooks, read once per batch of workflow events, not per event (ADR 0074). */
  private final PerBatch<List<WebhookStore.Webhook>> enabled;

  public WebhookFanout(WebhookStore store) {
    this.store = store;
    this.enabled = new PerBatch<>(() -> store.all().stream().filter(WebhookStore.Webhook::enabled).toList());
  }

  @Override
  public void batchStarts() {
    enabled.start();
  }

  @Override
  public void batchEnds() {
    enabled.end();
  }

  /** The webhook event names a workflow event stands for, in delivery order. */
  static List<String> names(WorkflowEvent e) {
    return switch (e.kind()) {
      case CUSTOMER_WROTE -> e.opened() ? List.of(CONVERSATION_CREATED, MESSAGE_RECEIVED) : List.of(MESSAGE_RECEIVED);
      case MESSAGE_SENT -> List.of(MESSAGE_SENT);
      case STATUS_CHANGED -> List.of(STATUS_CHANGED);
      case ASSIGNED -> List.of(ASSIGNED);
      case SLA_BREACHED -> List.of(SLA_BREACHED);
      case CSAT_RATED -> List.of(CSAT_RATED);
      default -> List.of();
    };
  }

  @Override
  public void on(WorkflowEvent e) {
    List<String> names = names(e);
    if (names.isEmpty()) {
      return;
    }
    List<WebhookStore.Webhook> hooks = enabled.get();
    List<WebhookStore.NewDelivery> out = new ArrayList<>();
    for (String name : names) {
      for (WebhookStore.Webhook w : hooks) {
        if (w.events().contains(name)) {
          String deliveryId = WebhookStore.newDeliveryId();
          out.add(new WebhookStore.NewDelivery(w.id(), e.id(), name, e.conversationId(), deliveryId, payload(deliveryId, name, e)));
        }
      }
    }
    store.enqueue(out);
  }

  /**
   * The JSON a receiver gets: {@code id} (the delivery id, also in a header; the same on every
   * retry, so a receiver can drop a repeat), {@code event}, {@code occurredAt}, {@code
   * conversation} and, by event, {@code message}, {@code change}, {@code sla} or {@code csat}.
   */
  String payload(String deliveryId, String name, WorkflowEvent e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", deliveryId);
    body.put("event", name);
    body.put("occurredAt", e.createdAt());
    Map<String, Object> conversation = new LinkedHashMap<>();
    conversation.put("id", e.conversationId());
    store.conversation(e.conversationId()).ifPresent(c -> {
      conversation.put("channel", c.channel());
      conversation.put("account", c.account());
      conversation.put("subject", c.subject());
      conversation.put("status", c.status());
      conversation.put("assignee", c.assignee());
    });
    body.put("conversation", conversation);
    WorkflowEvent.Facts f = e.facts();
    if (e.messageId() != null && (name.equals(MESSAGE_RECEIVED) || name.equals(MESSAGE_SENT) || name.equals(CONVERSATION_CREATED))) {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("id", e.messageId());
      store.message(e.messageId()).ifPresent(m -> {
        message.put("direction", m.direction());
        message.put("author", m.author());
        message.put("sentAt", m.sentAt());
        String text = m.text();
        message.put("text", text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT));
      });
      if (f.language() != null) {
        message.put("language", f.language());
      }
      if (f.urgency() != null) {
        message.put("urgency", f.urgency());
      }
      body.put("message", message);
    }
    if (name.equals(STATUS_CHANGED) || name.equals(ASSIGNED)) {
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("from", f.from());
      change.put("to", f.to());
      change.put("by", f.actor());
      body.put("change", change);
    }
    if (name.equals(SLA_BREACHED)) {
      body.put("sla", Map.of("target", String.valueOf(f.target())));
    }
    if (name.equals(CSAT_RATED)) {
      body.put("csat", Map.of("rating", f.rating()));
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
