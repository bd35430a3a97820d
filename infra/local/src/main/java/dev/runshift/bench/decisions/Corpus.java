package dev.runshift.bench.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.runshift.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The cells of a decision benchmark, read from YAML (or JSON):
 *
 * <pre>
 * replicates: 200        # per cell unless the cell says otherwise (default 200)
 * seed: 20261129         # cells without a seed derive theirs from this and their parameters (default 1)
 * grid:                  # every combination is a cell
 *   baseRates: [0.1%, 0.5%, 0.9%]
 *   regressions: [none, 2x, 5x, +5 points]   # default [none]
 *   latencyChanges: [1]                       # default [1] (unchanged)
 *   requestsPerSecond: [1, 10, 50, 500]
 * cells:                 # more cells, one by one
 *   - baseRate: 0.5%
 *     regression: rate 20%
 *     latencyChange: 1.5x
 *     requestsPerSecond: 50
 *     replicates: 100
 *     seed: 7
 * </pre>
 *
 * Rates are fractions ({@code 0.005}) or percents ({@code 0.5%}); regressions are {@link Regression}'s
 * forms; a latency change is a multiple ({@code 1.5}, {@code 1.5x}; {@code none} is 1). Unknown fields,
 * missing required ones and bad values are errors naming the field, e.g.
 * {@code corpus.yaml: cells[2].baseRate: "abc" is not a rate (write 0.005 or 0.5%)}.
 *
 * <p>A cell's seed, when not given, is derived from the corpus seed and the cell's parameters only, so
 * adding or reordering cells does not change the random streams of the others.
 */
public record Corpus(String source, List<Cell> cells) {
  public static final int DEFAULT_REPLICATES = 200;
  public static final long DEFAULT_SEED = 1;
  /** The default corpus, a resource of this module. */
  public static final String DEFAULT_RESOURCE = "/dev/runshift/bench/decisions/default-corpus.yaml";

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final Set<String> TOP = Set.of("replicates", "seed", "grid", "cells");
  private static final Set<String> GRID = Set.of("baseRates", "regressions", "latencyChanges", "requestsPerSecond");
  private static final Set<String> CELL =
      Set.of("baseRate", "regression", "latencyChange", "requestsPerSecond", "replicates", "seed");

  public Corpus {
    cells = List.copyOf(cells);
  }

  /** The corpus shipped with Runshift ({@value #DEFAULT_RESOURCE}). */
  public static Corpus defaults() {
    try (InputStream in = Corpus.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return parse("default corpus", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Corpus read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), null, "no such file");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), null, "cannot read: " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  /** Parses {@code text}; {@code source} names it in errors. */
  public static Corpus parse(String source, String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new ConfigException(source, null, "not valid YAML: " + e.getOriginalMessage() + where, e);
    }
    return new Reader(source).corpus(root);
  }

  /** Every cell with {@code n} replicates. */
  public Corpus withReplicates(int n) {
    return new Corpus(source, cells.stream().map(c -> c.withReplicates(n)).toList());
  }

  /** Releases one run simulates with {@code policies} policies. */
  public long releases(int policies) {
    return cells.stream().mapToLong(Cell::replicates).sum() * policies;
  }

  private record Reader(String source) {
    Corpus corpus(JsonNode root) {
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw fail(null, "the corpus is empty: give grid or cells");
      }
      if (!root.isObject()) {
        throw fail(null, "the corpus must be a mapping with grid and/or cells");
      }
      known(root, TOP, "");
      int replicates = root.has("replicates") ? positiveInt(root.get("replicates"), "replicates") : DEFAULT_REPLICATES;
      long seed = root.has("seed") ? integer(root.get("seed"), "seed") : DEFAULT_SEED;
      List<Cell> cells = new ArrayList<>();
      if (root.has("grid")) {
        cells.addAll(grid(root.get("grid"), replicates, seed));
      }
      if (root.has("cells")) {
        JsonNode list = root.get("cells");
        if (!list.isArray()) {
          throw fail("cells", "must be a list of cells");
        }
        for (int i = 0; i < list.size(); i++) {
          cells.add(cell(list.get(i), "cells[" + i + "]", replicates, seed));
        }
      }
      if (cells.isEmpty()) {
        throw fail(null, "the corpus has no cells: give grid or cells");
      }
      return new Corpus(source, cells);
    }

    List<Cell> grid(JsonNode grid, int replicates, long seed) {
      if (!grid.isObject()) {
        throw fail("grid", "must be a mapping of baseRates, regressions, latencyChanges, requestsPerSecond");
      }
      known(grid, GRID, "grid");
      List<Double> bases = list(grid, "grid", "baseRates", true, (n) -> rate(n.node, n.path), null);
      List<Regression> regressions =
          list(grid, "grid", "regressions", false, (n) -> regression(n.node, n.path), Regression.NONE);
      List<Double> latencies = list(grid, "grid", "latencyChanges", false, (n) -> multiple(n.node, n.path), 1.0);
      List<Double> rates = list(grid, "grid", "requestsPerSecond", true, (n) -> positive(n.node, n.path), null);
      List<Cell> out = new ArrayList<>();
      for (Regression r : regressions) {
        for (double latency : latencies) {
          for (double base : bases) {
            for (double rps : rates) {
              out.add(new Cell(base, r, latency, rps, replicates, derivedSeed(seed, base, r, latency, rps)));
            }
          }
        }
      }
      return out;
    }

    Cell cell(JsonNode node, String path, int replicates, long seed) {
      if (!node.isObject()) {
        throw fail(path, "must be a mapping with baseRate, requestsPerSecond and optionally regression, "
            + "latencyChange, replicates, seed");
      }
      known(node, CELL, path);
      double base = rate(required(node, path, "baseRate"), path + ".baseRate");
      double rps = positive(required(node, path, "requestsPerSecond"), path + ".requestsPerSecond");
      Regression regression =
          node.has("regression") ? regression(node.get("regression"), path + ".regression") : Regression.NONE;
      double latency = node.has("latencyChange") ? multiple(node.get("latencyChange"), path + ".latencyChange") : 1.0;
      int n = node.has("replicates") ? positiveInt(node.get("replicates"), path + ".replicates") : replicates;
      long cellSeed = node.has("seed")
          ? integer(node.get("seed"), path + ".seed")
          : derivedSeed(seed, base, regression, latency, rps);
      return new Cell(base, regression, latency, rps, n, cellSeed);
    }

    private record Item(JsonNode node, String path) {}

    private <T> List<T> list(JsonNode parent, String path, String field, boolean required,
        Function<Item, T> element, T otherwise) {
      JsonNode node = parent.get(field);
      String p = path + "." + field;
      if (node == null || node.isNull()) {
        if (required) {
          throw fail(p, "missing (a list)");
        }
        return List.of(otherwise);
      }
      if (!node.isArray()) {
        return List.of(element.apply(new Item(node, p)));
      }
      if (node.isEmpty()) {
        throw fail(p, "must not be empty");
      }
      List<T> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        out.add(element.apply(new Item(node.get(i), p + "[" + i + "]")));
      }
      return out;
    }

    private JsonNode required(JsonNode node, String path, String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        throw fail(path + "." + field, "missing");
      }
      return v;
    }

    private void known(JsonNode node, Set<String> fields, String path) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!fields.contains(name)) {
          throw fail(path.isEmpty() ? name : path + "." + name,
              "unknown field (known: " + fields.stream().sorted().toList() + ")");
        }
      }
    }

    private double rate(JsonNode node, String path) {
      try {
        return node.isNumber() ? Rates.check(node.asDouble(), node.asText()) : Rates.parse(node.asText());
      } catch (IllegalArgumentException e) {
        throw fail(path, e.getMessage());
      }
    }

    private Regression regression(JsonNode node, String path) {
      try {
        return Regression.parse(node.asText());
      } catch (IllegalArgumentException e) {
        throw fail(path, e.getMessage());
      }
    }

    private double multiple(JsonNode node, String path) {
      String t = node.asText().trim().toLowerCase(java.util.Locale.ROOT);
      if (t.equals("none")) {
        return 1.0;
      }
      if (t.endsWith("x") || t.endsWith("×")) {
        t = t.substring(0, t.length() - 1).trim();
      }
      try {
        double v = Double.parseDouble(t);
        if (v > 0 && !Double.isInfinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw fail(path, "\"" + node.asText() + "\" is not a latency multiple (write 1.5, 1.5x or none)");
    }

    private double positive(JsonNode node, String path) {
      if (node.isNumber() && node.asDouble() > 0 && !Double.isInfinite(node.asDouble())) {
        return node.asDouble();
      }
      throw fail(path, "\"" + node.asText() + "\" is not a positive number");
    }

    private int positiveInt(JsonNode node, String path) {
      if (node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 1) {
        return node.asInt();
      }
      throw fail(path, "\"" + node.asText() + "\" is not a whole number of at least 1");
    }

    private long integer(JsonNode node, String path) {
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return node.asLong();
      }
      throw fail(path, "\"" + node.asText() + "\" is not a whole number");
    }

    private ConfigException fail(String field, String problem) {
      return new ConfigException(source, field, problem);
    }
  }

  /** A cell's seed from the corpus seed and its parameters (not its position). */
  static long derivedSeed(long seed, double base, Regression regression, double latency, double rps) {
    long h = Cell.mix(seed);
    h = Cell.mix(h ^ Double.doubleToLongBits(base));
    h = Cell.mix(h ^ regression.kind().ordinal() ^ Double.doubleToLongBits(regression.value()) * 31);
    h = Cell.mix(h ^ Double.doubleToLongBits(latency));
    return Cell.mix(h ^ Double.doubleToLongBits(rps));
  }
}
