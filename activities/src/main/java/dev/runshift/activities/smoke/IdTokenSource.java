package dev.runshift.activities.smoke;

import java.io.IOException;

/** Where smoke checks get a Google ID token to call a service that requires authentication. */
@FunctionalInterface
public interface IdTokenSource {

  /**
   * A currently valid ID token whose audience ({@code aud}) is {@code audience}.
   *
   * @throws IOException if no token could be obtained now (the credentials' server did not answer)
   * @throws IllegalStateException if these credentials can never give one (the message says why)
   */
  String idToken(String audience) throws IOException;

  /** For a worker with no Google credentials (the local simulator): every request fails, saying why. */
  static IdTokenSource unavailable(String why) {
    return audience -> {
      throw new IllegalStateException("no Google ID token for " + audience + ": " + why);
    };
  }
}
