/**
 * Brand voice: the guide ({@code config/voice/brand-voice.yaml}), canned replies ({@code
 * config/voice/templates/<language>.yaml}) and the reply linter. Plain Java, no Camel.
 *
 * <p><b>Lifecycle.</b> Load the guide once at start with {@link
 * io.switchboard.voice.VoiceGuide#loadOrPackaged}; a bad file fails start-up with a {@link
 * io.switchboard.config.ConfigException} naming file and key. Build one {@link
 * io.switchboard.voice.VoiceLinter} and one {@link io.switchboard.voice.TemplateRanker} from it. To
 * pick up an edited guide, load a new one and swap the instances; nothing is reloaded in place.
 *
 * <p><b>Concurrency.</b> Guide, linter, ranker and every {@link io.switchboard.voice.VoiceRule} are
 * immutable after construction and may be called from any number of threads at once.
 *
 * <p><b>Checking a reply.</b> {@link io.switchboard.voice.VoiceLinter#check} first applies the
 * automatic fixes (whitespace; the "@handle" X adds itself; repeated "!"; greeting and sign-off in
 * the channel's pattern, replacing the agent's own; preferred terms), then runs the rules on the
 * fixed text. Each rule is one small class with an id used in the guide's {@code rules:} section,
 * where its severity ({@code block}, {@code warn}) is set or it is switched {@code off}. The text
 * to send is {@link io.switchboard.voice.VoiceResult#text()}, never the draft: violation offsets
 * point into it.
 */
package io.switchboard.voice;
