package dev.runshift.activities.smoke;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ID tokens from Application Default Credentials through google-auth-library's {@link IdTokenCredentials}:
 * the attached service account on Cloud Run, GKE or GCE, a service-account key, or impersonation. One
 * credential per audience, refreshed by the library shortly before its token expires. The default
 * credentials are loaded on first use, so a worker that never sends a token never needs them.
 */
public final class GoogleIdTokenSource implements IdTokenSource {
  private final Map<String, IdTokenCredentials> byAudience = new ConcurrentHashMap<>();
  private volatile IdTokenProvider provider;

  @Override
  public String idToken(String audience) throws IOException {
    IdTokenCredentials credentials = byAudience.computeIfAbsent(audience, a -> IdTokenCredentials.newBuilder()
        .setIdTokenProvider(provider())
        .setTargetAudience(a)
        .build());
    credentials.refreshIfExpired();
    return credentials.getIdToken().getTokenValue();
  }

  private IdTokenProvider provider() {
    IdTokenProvider p = provider;
    if (p != null) {
      return p;
    }
    GoogleCredentials adc;
    try {
      adc = GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new IllegalStateException("no Application Default Credentials: " + e.getMessage(), e);
    }
    if (!(adc instanceof IdTokenProvider idTokens)) {
      throw new IllegalStateException("the Application Default Credentials (" + adc.getClass().getSimpleName()
          + ") cannot mint ID tokens; run the verify worker as a service account");
    }
    provider = idTokens;
    return idTokens;
  }
}
