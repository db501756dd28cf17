package io.switchboard.metrics;

/**
 * What an admin does about an incident, by channel and kind: the words of the alert mail and of the
 * admins' banner. Account settings are read at start (ADR 0045), so a new token needs a restart;
 * a paused account needs the resume call as well.
 */
final class AlertAdvice {
  private AlertAdvice() {}

  /**
   * @param file the account's file name in {@code config/channels/}, or null when unknown
   */
  static String of(String account, String channel, String kind, String file) {
    String where = "config/channels/" + (file == null ? account + ".properties" : file);
    String restart =
        " Then restart Switchboard (an account's settings are read at start). The account shows UP"
            + " after its next successful poll, and this alert ends. If you paused the account, resume it with"
            + " POST /api/admin/channels/" + account + "/resume. GET /api/admin/channels (the Admin page)"
            + " shows its state and last error.";
    if ("token".equals(kind)) {
      return switch (channel) {
        case "facebook", "instagram" ->
            "Generate a new Page access token (Meta Business Suite system user, or the Graph API Explorer then a"
                + " long-lived token) with the permissions listed in the README, and put it in " + where
                + " as access.token (or in the environment variable that line names)." + restart;
        case "x" ->
            "X refused the account's credentials (401): regenerate the access token and secret (or the OAuth 2.0"
                + " user token) in the X developer portal, with Read and write and Direct message permission, and put"
                + " them in " + where + " (or in the environment variables it names)." + restart;
        default ->
            "The mail server refused the account's login: check the user name and password in " + where
                + " (or the environment variables it names)." + restart;
      };
    }
    return "Switchboard keeps retrying with backoff. Check that the "
        + (channel.equals("email") ? "mail server" : channel + " API")
        + " answers from this host and the last error below; for a setting, fix " + where + "." + restart;
  }
}
