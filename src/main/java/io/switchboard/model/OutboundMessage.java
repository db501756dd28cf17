package io.switchboard.model;

import java.util.List;

/**
 * One reply ready to go out on its conversation's channel.
 *
 * @param externalId the id assigned before sending where the channel lets us choose it (email
 *     Message-ID), else null
 * @param inReplyTo the channel id of the customer message being answered
 * @param references the thread's earlier channel ids, oldest first
 */
public record OutboundMessage(
    long messageId,
    long conversationId,
    String account,
    boolean isPublic,
    String recipientHandle,
    String recipientName,
    String subject,
    String text,
    String externalId,
    String inReplyTo,
    List<String> references) {}
