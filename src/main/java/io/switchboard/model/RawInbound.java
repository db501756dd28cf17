package io.switchboard.model;

/**
 * Input exactly as a channel delivered it, before any parsing: the bytes of an RFC 822 message, or
 * one post of an API response as JSON. Kept so that input we cannot read is quarantined whole.
 *
 * @param sourceRef where it came from inside the account (e.g. {@code uidvalidity/uid}), for people
 */
public record RawInbound(String channel, String account, String sourceRef, byte[] bytes) {}
