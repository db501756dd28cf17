package io.switchboard.config;

/** Bad configuration: names the file, the key and the problem in one line. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String file, String key, String problem) {
    super(file + ": " + key + ": " + problem);
  }

  public ConfigException(String message) {
    super(message);
  }
}
