package dev.runshift.local.cli;

import dev.runshift.cli.CliException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the simulator's HTTP control API; any failure is a {@link CliException} with one clear line. */
final class SimControlClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  SimControlClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  JsonNode get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  JsonNode post(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException("cannot encode the request: " + e.getOriginalMessage(), e);
    }
  }

  JsonNode delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  private URI uri(String path) {
    try {
      return URI.create(baseUrl + path);
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid simulator control URL '" + baseUrl + "'", e);
    }
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new CliException(
          "the simulator control API is unreachable at " + baseUrl
              + "; start it with `./runshift dev` or pass --sim / set RUNSHIFT_SIM",
          e);
    } catch (IOException e) {
      throw new CliException("simulator control API at " + baseUrl + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", e);
    }
    JsonNode body;
    try {
      body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliException("the simulator answered HTTP " + response.statusCode() + " with a body that is not JSON", e);
    }
    if (response.statusCode() >= 400) {
      throw new CliException("simulator: " + body.path("error").asText("HTTP " + response.statusCode()));
    }
    return body;
  }
}
