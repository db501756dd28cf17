package io.switchboard.voice;

import java.util.List;

/**
 * What may not appear in a reply everybody can read.
 *
 * @param privateMessageTemplate id of the template suggested instead ("let's move this to a private
 *     message"); it exists in every language of the guide
 * @param personalData checked in order; where two overlap the first wins
 */
public record PublicReplies(String privateMessageTemplate, List<PersonalData> personalData) {

  public PublicReplies {
    personalData = List.copyOf(personalData);
  }

  /**
   * One kind of personal data.
   *
   * @param luhn only digit runs that pass the card checksum count
   * @param minDigits matches with fewer digits are ignored (0: no minimum)
   */
  public record PersonalData(String name, Phrase pattern, boolean luhn, int minDigits) {}
}
