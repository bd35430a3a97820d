package dev.runshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.policy.Analysis;
import dev.runshift.policy.FailureAction;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.policy.VerdictPolicy;
import dev.runshift.ports.SmokeCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyFilesTest {

  @Test
  void aKeyGivenTwiceIsAnErrorNamingIt() {
    ConfigException yaml = assertThrows(ConfigException.class,
        () -> PolicyFiles.parse("p.yaml", "steps: [10, 100]\nsoak: 5m\nsteps: [100]\n"));
    assertTrue(yaml.getMessage().startsWith("p.yaml: "), yaml.getMessage());
    assertTrue(yaml.getMessage().contains("Duplicate field 'steps'"), yaml.getMessage());
    ConfigException json = assertThrows(ConfigException.class,
        () -> PolicyFiles.parse("p.json", "{\"soak\": \"5m\", \"soak\": \"1m\"}"));
    assertTrue(json.getMessage().contains("Duplicate field 'soak'"), json.getMessage());
  }

  @Test
  void anEmptyDocumentIsTheDefaults() {
    assertEquals(RolloutPolicy.defaults(), PolicyFiles.parse("p.yaml", ""));
    assertEquals(RolloutPolicy.defaults(), PolicyFiles.parse("p.json", "{}"));
  }

  @Test
  void yamlFieldsOverrideDefaultsOneByOne() {
    RolloutPolicy p = PolicyFiles.parse("p.yaml", """
        steps: [10, 50, 100]
        soak: 10m
        analysisInterval: 30s
        maxErrorRate: 0.02
        maxP99Ms: 800
        onFailure: pause
        approvalSteps: [100]
        smoke: { path: /healthz, expectedStatus: 200, timeout: 5s, count: 3 }
        """);
    RolloutPolicy d = RolloutPolicy.defaults();
    assertEquals(List.of(10, 50, 100), p.steps());
    assertEquals(Duration.ofMinutes(10), p.soak());
    assertEquals(Duration.ofSeconds(30), p.analysisInterval());
    assertEquals(0.02, p.maxErrorRate());
    assertEquals(800.0, p.maxP99Ms());
    assertNull(p.maxP95Ms());
    assertEquals(FailureAction.PAUSE, p.onFailure());
    assertEquals(List.of(100), p.approvalSteps());
    assertEquals(new SmokeCheck("/healthz", 200, Duration.ofSeconds(5), 3), p.smoke());
    assertEquals(false, p.smoke().idToken(), "off unless asked for");
    assertEquals(true, PolicyFiles.parse("auth.yaml", "smoke: { path: /healthz, idToken: true }").smoke().idToken());
    assertEquals(d.minRequests(), p.minRequests());
    assertEquals(d.failureLimit(), p.failureLimit());
    assertEquals(d.maxWaitForTraffic(), p.maxWaitForTraffic());
    assertEquals(d.candidateTag(), p.candidateTag());
  }

  @Test
  void jsonWithIsoDurations(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.json");
    Files.writeString(file, "{\"steps\": [20, 100], \"soak\": \"PT2M\", \"maxWaitForTraffic\": null}");
    RolloutPolicy p = PolicyFiles.load(file);
    assertEquals(List.of(20, 100), p.steps());
    assertEquals(Duration.ofMinutes(2), p.soak());
    assertNull(p.maxWaitForTraffic());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "soak: 5 minutes              | soak              | not a duration",
        "soak: 300                    | soak              | unit",
        "steps: fifty                 | steps             | ",
        "steps: [10, x]               | steps[1]          | ",
        "minRequests: 1.5             | minRequests       | ",
        "minRequests: null            | minRequests       | ",
        "onFailure: explode           | onFailure         | ",
        "sooak: 5m                    | sooak             | unknown policy field",
        "smoke: { path: /, timeout: soon } | smoke.timeout | not a duration",
        "smoke: { path: /, colour: red }   | smoke.colour  | unknown field",
        "smoke: { count: 2 }               | smoke.path    | required",
        "smoke: { path: /, idToken: maybe } | smoke.idToken | ",
        "smoke: { path: /, idToken: 1 }   | smoke.idToken | ",
        "- 1                          |                   | mapping",
      })
  void malformedFieldsAreNamed(String yaml, String field, String fragment) {
    ConfigException e = assertThrows(ConfigException.class, () -> PolicyFiles.parse("bad.yaml", yaml));
    assertEquals(field, e.field(), e.getMessage());
    assertEquals("bad.yaml", e.source());
    if (fragment != null) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "steps: [50, 25, 100]             | steps[1]",
        "steps: [10, 50]                  | steps",
        "maxErrorRate: 1.5                | maxErrorRate",
        "failureLimit: 0                  | failureLimit",
        "analysisInterval: 0s             | analysisInterval",
        "approvalSteps: [30]              | approvalSteps",
        "candidateTag: Canary_1           | candidateTag",
        "smoke: { path: healthz }         | smoke.path",
        "smoke: { path: /, timeout: 0s }  | smoke.timeout",
        // issue 12: durations that overflowed the workflow's milliseconds, and one too frequent to bound
        "analysisInterval: 200000000000d  | analysisInterval",
        "analysisInterval: 1ms            | analysisInterval",
        "soak: PT2562047788015215H        | soak",
        "maxWaitForTraffic: PT2562047788015215H | maxWaitForTraffic",
        "transientRetryFor: 200000000000d | transientRetryFor",
        "transientRetryFor: 1s            | transientRetryFor",
      })
  void invalidValuesAreRejectedByTheValidatorNamingTheField(String yaml, String field) {
    ConfigException e = assertThrows(ConfigException.class, () -> PolicyFiles.parse("bad.yaml", yaml));
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith("bad.yaml: " + field + ": "), e.getMessage());
  }

  @Test
  void aVerdictMappingOverridesItsDefaultsOneByOne() {
    RolloutPolicy p = PolicyFiles.parse("p.yaml", """
        verdict: { alpha: 0.05, detectErrorRatio: 3, baselineWindow: 30m }
        """);
    VerdictPolicy d = VerdictPolicy.defaults();
    assertEquals(new VerdictPolicy(Analysis.SEQUENTIAL, 0.05, d.beta(), d.maxErrorRatio(), 3.0,
        d.detectErrorIncrease(), Duration.ofMinutes(30)), p.verdict());
  }

  @Test
  void aPolicyFileWrittenBeforeVerdictsGetsTheSequentialDefaultsAndThresholdStaysAvailable() {
    RolloutPolicy old = PolicyFiles.parse("p.yaml", """
        steps: [5, 25, 50, 100]
        soak: 5m
        failureLimit: 2
        """);
    assertEquals(VerdictPolicy.defaults(), old.verdict());
    RolloutPolicy threshold = PolicyFiles.parse("p.yaml", "verdict: { analysis: threshold }\n");
    assertEquals(Analysis.THRESHOLD, threshold.verdict().analysis());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "verdict: { alfa: 0.1 }                 | verdict.alfa                | unknown verdict field",
        "verdict: { alpha: 0 }                  | verdict.alpha               | probability",
        "verdict: { beta: 0.9 }                 | verdict.beta                | probability",
        "verdict: { maxErrorRatio: 0.5 }        | verdict.maxErrorRatio       | within 1..100",
        "verdict: { detectErrorRatio: 1 }       | verdict.detectErrorRatio    | above maxErrorRatio",
        "verdict: { detectErrorIncrease: 2 }    | verdict.detectErrorIncrease | fraction",
        "verdict: { baselineWindow: 30d }       | verdict.baselineWindow      | 7 days",
        "verdict: { analysis: bayesian }        | verdict.analysis            | ''",
      })
  void badVerdictFieldsNameTheField(String yaml, String field, String words) {
    ConfigException e = assertThrows(ConfigException.class, () -> PolicyFiles.parse("bad.yaml", yaml));
    assertTrue(e.getMessage().contains(field), e.getMessage());
    assertTrue(e.getMessage().contains(words), e.getMessage());
  }

  @Test
  void transientRetryForIsAPolicyField() {
    assertEquals(Duration.ofHours(2), PolicyFiles.parse("p.yaml", "transientRetryFor: 2h").transientRetryFor());
    assertEquals(RolloutPolicy.DEFAULT_TRANSIENT_RETRY, PolicyFiles.parse("p.yaml", "soak: 1m").transientRetryFor());
  }

  @Test
  void syntaxErrorsNameTheLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> PolicyFiles.parse("p.json", "{\n\"steps\": [1,\n}"));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void aMissingFileIsAClearError(@TempDir Path dir) {
    ConfigException e = assertThrows(ConfigException.class, () -> PolicyFiles.load(dir.resolve("nope.yaml")));
    assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
  }
}
