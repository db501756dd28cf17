package io.switchboard.voice;

/**
 * The card-number checksum, so "4111 1111 1111 1111" counts as a card and a tracking number not.
 */
final class Luhn {
  private Luhn() {}

  /** True for 13 to 19 digits (other characters ignored) that pass the Luhn check. */
  static boolean valid(CharSequence s) {
    int sum = 0;
    int digits = 0;
    boolean twice = false;
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
      digits++;
    }
    return digits >= 13 && digits <= 19 && sum % 10 == 0;
  }

  static int digits(CharSequence s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}
