package com.chittysync.cli;

import static org.assertj.core.api.Assertions.fail;

import com.chittysync.cli.ConvergenceModel.Violation;
import com.chittysync.cli.ConvergenceRun.Figures;
import com.chittysync.cli.ConvergenceScenario.Kind;
import com.chittysync.cli.ConvergenceScenario.Place;
import com.chittysync.cli.ConvergenceScenario.Rec;
import com.chittysync.cli.ConvergenceScenario.Unreadable;
import com.chittysync.cli.ConvergenceStep.Crash;
import com.chittysync.cli.ConvergenceStep.Mode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based convergence: random edit histories across PostgreSQL, the Notion emulator and the
 * Sheets emulator (and PostgreSQL to PostgreSQL with different column names), synced mostly the way
 * the schedule does (incremental reads), sometimes in full, sometimes through the deployed
 * pipeline, sometimes stopped mid-apply and run again; under every conflict strategy and delete
 * policy, with people resolving conflicts and deciding held deletes through the CLI. After every
 * sync it checks, against a model of what each endpoint should hold:
 *
 * <ul>
 *   <li>a sync that exits 0 leaves {@code drift} empty, and nothing waits for a person;
 *   <li>a change made at one endpoint reaches every other endpoint in the next sync, unless a
 *       policy holds it, and then {@code conflicts list}, {@code deletes list} or the run's invalid
 *       records name it (after a stopped apply, in the sync run again);
 *   <li>no endpoint ever holds a key twice; no record disappears that nobody deleted;
 *   <li>columns the registry does not map keep their content;
 *   <li>a sync with nothing changed writes nothing (and no sync writes a record it need not).
 * </ul>
 *
 * <p>A failing run prints its seed and the shortest sequence of steps it shrank to (each replayed
 * against a fresh world). CI runs a fixed budget; {@code -Dconvergence.steps=N} (syncs per
 * scenario) runs longer, {@code -Dconvergence.seed=S} replays a seed, {@code
 * -Dconvergence.scenario=NAME} runs scenarios whose name contains NAME, {@code
 * -Dconvergence.skip=INVARIANT,...} goes on past known failures, {@code
 * -Dconvergence.shrinkSeconds=N} bounds shrinking.
 *
 * <p>CI runs every scenario with a fixed seed, so that a red build names a change and not a roll of
 * the dice; {@code -Dconvergence.seed=random} explores new histories (see docs/sync.md, "How
 * convergence is tested").
 */
class ConvergenceIT {
  static {
    // The engine's INFO lines would bury the report.
    com.chittysync.observe.log.LogSettings.level(org.slf4j.event.Level.WARN);
  }

  /** Syncs per scenario: about 45 seconds each on a CI runner, so about 3 minutes in all. */
  private static final int STEPS = Integer.getInteger("convergence.steps", 40);

  /** The seed CI replays. */
  static final long CI_SEED = 27217;

  private static final long SEED = seed(System.getProperty("convergence.seed"));

  private static long seed(String given) {
    if (given == null || given.isBlank()) {
      return CI_SEED;
    }
    return given.equals("random") ? System.nanoTime() % 100_000L : Long.parseLong(given);
  }

  private static final int SHRINK_SECONDS = Integer.getInteger("convergence.shrinkSeconds", 60);
  private static final Set<String> SKIP =
      Arrays.stream(System.getProperty("convergence.skip", "").split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .collect(Collectors.toCollection(TreeSet::new));
  private static final String ONLY = System.getProperty("convergence.scenario", "");

  private static final Map<String, String> FIGURES = new LinkedHashMap<>();

  @TempDir Path dir;

  static Stream<ConvergenceScenario> scenarios() {
    return ConvergenceScenario.all().stream().filter(s -> s.name().contains(ONLY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void randomEditHistoriesConvergeWithNothingLostDuplicatedOrWrittenInVain(
      ConvergenceScenario scenario) {
    long started = System.nanoTime();
    Figures figures;
    Failure failure;
    try (ConvergenceRun run = new ConvergenceRun(scenario, dir.resolve("run"), SKIP, true)) {
      // One seed for the whole run, each scenario its own stream of it.
      failure = walk(run, new Random(SEED * 31 + scenario.name().hashCode()), STEPS);
      figures = run.figures;
    }
    long walked = System.nanoTime();
    String shrunk = "";
    int replays = 0;
    List<ConvergenceStep> shortest = null;
    if (failure != null) {
      Shrinker shrinker = new Shrinker(scenario, failure.violation().signature());
      shortest = shrinker.shrink(failure.steps(), failure.violation().detail());
      replays = shrinker.replays;
      shrunk = ConvergenceStep.describe(shortest);
    }
    record(scenario, figures, started, walked, failure, shortest, replays);
    if (failure != null) {
      String message =
          String.format(
              "%s: %s%n  seed %d (replay: -Dconvergence.seed=%d -Dconvergence.scenario='%s'"
                  + " -Dconvergence.steps=%d)%n  failed at sync %d after %d steps; shortest"
                  + " sequence found (%d steps, %d replays):%n%s",
              scenario.name(),
              failure.violation(),
              SEED,
              SEED,
              scenario.name(),
              STEPS,
              failure.sync(),
              failure.steps().size(),
              shortest.size(),
              replays,
              shrunk);
      report(message);
      fail(message);
    }
  }

  /** What a failing run broke, at which sync, and every step up to there. */
  record Failure(Violation violation, int sync, List<ConvergenceStep> steps) {}

  /**
   * Seeds the registry, then plays {@code syncs} rounds: a few edits (and sometimes a person's
   * decision) followed by a sync. Returns the first failure, or null.
   */
  private static Failure walk(ConvergenceRun run, Random random, int syncs) {
    Generator gen = new Generator(run, random);
    for (ConvergenceStep step : gen.seed()) {
      Violation v = run.play(step);
      if (v != null) {
        return new Failure(v, run.syncs(), List.copyOf(run.done));
      }
    }
    while (run.syncs() < syncs) {
      for (ConvergenceStep step : gen.round()) {
        Violation v = run.play(step);
        if (v != null) {
          return new Failure(v, run.syncs(), List.copyOf(run.done));
        }
      }
    }
    return null;
  }

  /**
   * Replays {@code steps} against a fresh world; returns the first violation, or null. Without
   * {@code drift}, the checks that need {@code drift} are left out.
   */
  private static Failure replay(
      ConvergenceScenario scenario, Path dir, List<ConvergenceStep> steps, boolean drift) {
    try (ConvergenceRun run = new ConvergenceRun(scenario, dir, SKIP, drift)) {
      for (ConvergenceStep step : steps) {
        Violation v = run.play(step);
        if (v != null) {
          return new Failure(v, run.syncs(), List.copyOf(run.done));
        }
      }
      return null;
    }
  }

  /**
   * Shrinks a failing sequence by removing chunks of steps, halving the chunk size, and keeping a
   * removal whenever a replay against a fresh world still breaks the same invariant; then tries to
   * drop single steps. Bounded by {@code -Dconvergence.shrinkSeconds}.
   */
  private final class Shrinker {
    private final ConvergenceScenario scenario;
    private final String signature;
    private final long deadline;
    int replays;

    Shrinker(ConvergenceScenario scenario, String signature) {
      this.scenario = scenario;
      this.signature = signature;
      this.deadline = System.nanoTime() + SHRINK_SECONDS * 1_000_000_000L;
    }

    List<ConvergenceStep> shrink(List<ConvergenceStep> steps, String detail) {
      List<ConvergenceStep> best = new ArrayList<>(steps);
      // Most failures are about one or two records: first try the run with every other record's
      // steps left out.
      Set<String> named = new TreeSet<>();
      Matcher m = Pattern.compile("I-\\d{3}").matcher(detail.lines().findFirst().orElse(""));
      while (m.find()) {
        named.add(m.group());
      }
      if (!named.isEmpty()) {
        List<ConvergenceStep> focused = new ArrayList<>();
        for (ConvergenceStep s : best) {
          if (s.key() == null || named.contains(s.key())) {
            focused.add(s);
          }
        }
        if (focused.size() < best.size()) {
          List<ConvergenceStep> failing = fails(focused);
          if (failing != null) {
            best = failing;
          }
        }
      }
      for (int chunk = Math.max(1, best.size() / 2); chunk >= 1; chunk /= 2) {
        boolean progress = true;
        while (progress) {
          progress = false;
          // From the end backwards: late steps are the likeliest to be irrelevant... and the
          // failing sync must stay, so the last step is never removed on its own.
          for (int from = best.size() - 1 - chunk; from >= 0; from -= chunk) {
            if (System.nanoTime() > deadline) {
              return best;
            }
            List<ConvergenceStep> candidate = new ArrayList<>(best.subList(0, from));
            candidate.addAll(best.subList(Math.min(best.size(), from + chunk), best.size()));
            List<ConvergenceStep> failing = fails(candidate);
            if (failing != null) {
              best = failing;
              progress = true;
              break;
            }
          }
        }
      }
      return best;
    }

    /** The steps up to the failure if {@code steps} still break the invariant, else null. */
    private List<ConvergenceStep> fails(List<ConvergenceStep> steps) {
      replays++;
      Path where = dir.resolve("replay-" + replays);
      try {
        Failure f = replay(scenario, where, steps, signature.contains("drift"));
        return f != null && f.violation().signature().equals(signature) ? f.steps() : null;
      } catch (RuntimeException e) {
        // A replay the suite itself cannot play (its model and the world disagree) proves nothing.
        return null;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // What people do

  /** Chooses steps from the model's state: the records each endpoint holds, what is held. */
  static final class Generator {
    private static final List<String> WORDS =
        List.of(
            "alder", "birch", "cedar", "delta", "ember", "fjord", "grove", "harbor", "iris",
            "juniper", "kestrel", "lagoon", "maple", "nectar", "orchid", "pebble", "quartz",
            "raven");
    private static final List<String> FORMULA_TEXT =
        List.of("=SUM(A1:A3)", "=1+1", "=not a formula", "=B2*2");

    private final ConvergenceRun run;
    private final ConvergenceScenario scenario;
    private final Random random;
    private int nextKey = 1;

    Generator(ConvergenceRun run, Random random) {
      this.run = run;
      this.scenario = run.scenario;
      this.random = random;
    }

    /** Two records created at each endpoint, then the first sync. */
    List<ConvergenceStep> seed() {
      List<ConvergenceStep> out = new ArrayList<>();
      for (Place p : scenario.places()) {
        for (int i = 0; i < 2; i++) {
          out.add(new ConvergenceStep.Create(p.name(), newKey(), record(p)));
        }
      }
      out.add(ConvergenceStep.sync(Mode.INCREMENTAL));
      return out;
    }

    /** One round: time passes, a person's decisions, edits, then a sync. */
    List<ConvergenceStep> round() {
      List<ConvergenceStep> out = new ArrayList<>();
      ConvergenceModel m = run.model;
      // Between syncs up to three minutes pass, so that Notion's minute stamps tell a change made
      // after one sync from one made before it.
      out.add(new ConvergenceStep.Wait(pick(List.of(0L, 30L, 60L, 90L, 120L, 180L))));
      if (!m.heldConflicts.isEmpty() && random.nextInt(100) < 45) {
        String key = pick(new ArrayList<>(m.heldConflicts.keySet()));
        String field = pick(new ArrayList<>(m.heldConflicts.get(key).keySet()));
        if (random.nextInt(100) < 60) {
          String endpoint = pick(new ArrayList<>(m.heldConflicts.get(key).get(field).keySet()));
          out.add(new ConvergenceStep.Resolve(key, field, endpoint, null));
        } else {
          out.add(new ConvergenceStep.Resolve(key, field, null, value(field, null)));
        }
      }
      if (!m.heldDeletes.isEmpty() && random.nextInt(100) < 45) {
        out.add(
            new ConvergenceStep.Decide(
                pick(new ArrayList<>(m.heldDeletes.keySet())), random.nextBoolean()));
      }
      for (String key : m.quarantined) {
        if (random.nextInt(100) < 50) {
          out.addAll(fix(key));
        }
      }
      int edits = weighted(15, 35, 30, 20);
      for (int i = 0; i < edits; i++) {
        out.addAll(edit());
      }
      if (scenario.has(Kind.NOTION) && random.nextInt(100) < 4) {
        out.add(new ConvergenceStep.Wait(3660));
      }
      if (!scenario.has(Kind.NOTION) && random.nextInt(100) < 6) {
        // Someone deletes a batch of rows at once: past the delete guard, every delete is held.
        Place p = pick(scenario.places());
        List<String> live = run.model.live(p.name());
        Collections.shuffle(live, random);
        out.add(
            new ConvergenceStep.MassDelete(
                p.name(),
                List.copyOf(live.subList(0, Math.min(live.size(), 2 + random.nextInt(2))))));
      }
      out.add(sync());
      return out;
    }

    private ConvergenceStep sync() {
      int roll = random.nextInt(100);
      if (roll < 62) {
        return ConvergenceStep.sync(Mode.INCREMENTAL);
      }
      if (roll < 74) {
        return ConvergenceStep.sync(Mode.FULL);
      }
      if (roll < 86) {
        return ConvergenceStep.sync(Mode.PIPELINE);
      }
      List<Crash> crashes =
          new ArrayList<>(List.of(Crash.JOURNAL, Crash.FINISH, Crash.POSTGRES_ROW));
      if (scenario.has(Kind.NOTION)) {
        crashes.addAll(List.of(Crash.NOTION_UPDATE, Crash.NOTION_CREATE));
      }
      if (scenario.has(Kind.SHEET)) {
        crashes.addAll(List.of(Crash.SHEET_READ, Crash.SHEET_LOST_WRITE));
      }
      Mode mode = random.nextInt(100) < 80 ? Mode.INCREMENTAL : Mode.FULL;
      return new ConvergenceStep.Sync(mode, pick(crashes), 1 + random.nextInt(3));
    }

    private List<ConvergenceStep> edit() {
      Place p = pick(scenario.places());
      List<String> live = run.model.live(p.name());
      int roll = random.nextInt(100);
      if (live.size() < 3 || roll < 14) {
        return create(p);
      }
      String key = pick(live);
      // Records waiting for a person or a fix draw people's edits too: that is where a run's
      // held and quarantined states meet new changes.
      List<String> waiting = new ArrayList<>(run.model.attention());
      waiting.retainAll(live);
      if (!waiting.isEmpty() && random.nextInt(100) < 35) {
        key = pick(waiting);
      }
      if (roll < 55) {
        String field = pick(ConvergenceScenario.VALUE_FIELDS);
        return List.of(new ConvergenceStep.Set(p.name(), key, field, value(field, p)));
      }
      if (roll < 65) {
        // Two people change one field of one record at two endpoints between syncs.
        List<Place> others = new ArrayList<>();
        for (Place o : scenario.places()) {
          if (!o.equals(p) && run.model.held.get(o.name()).containsKey(key)) {
            others.add(o);
          }
        }
        if (others.isEmpty()) {
          return List.of();
        }
        Place q = pick(others);
        String field = pick(ConvergenceScenario.VALUE_FIELDS);
        return List.of(
            new ConvergenceStep.Set(p.name(), key, field, value(field, p)),
            new ConvergenceStep.Set(q.name(), key, field, value(field, q)));
      }
      if (roll < 73) {
        return List.of(
            new ConvergenceStep.SetExtra(
                p.name(), key, random.nextInt(100) < 25 ? null : word() + " note"));
      }
      if (roll < 83) {
        return List.of(new ConvergenceStep.Delete(p.name(), key));
      }
      if (roll < 88 && scenario.has(Kind.SHEET)) {
        return List.of(new ConvergenceStep.Sort("sheet", random.nextInt(6), random.nextBoolean()));
      }
      return List.of(invalid(p, key));
    }

    private List<ConvergenceStep> create(Place p) {
      String key = newKey();
      // Now and then two people add the same record at two endpoints between syncs.
      if (random.nextInt(100) < 12 && scenario.places().size() > 1) {
        Place q = pick(scenario.places());
        if (!q.equals(p)) {
          return List.of(
              new ConvergenceStep.Create(p.name(), key, record(p)),
              new ConvergenceStep.Create(q.name(), key, record(q)));
        }
      }
      return List.of(new ConvergenceStep.Create(p.name(), key, record(p)));
    }

    private String newKey() {
      // Now and then a record deleted everywhere comes back under its old key.
      if (nextKey > 8 && random.nextInt(100) < 10) {
        int old = 1 + random.nextInt(nextKey - 1);
        String key = String.format("I-%03d", old);
        if (!run.model.liveAnywhere().contains(key)) {
          return key;
        }
      }
      return String.format("I-%03d", nextKey++);
    }

    private Rec record(Place p) {
      Map<String, Object> values = new HashMap<>();
      values.put("name", word() + " " + word());
      for (String f : List.of("note", "qty", "active", "due")) {
        values.put(f, value(f, p));
      }
      return new Rec(values, random.nextBoolean() ? null : word() + " aside");
    }

    /** A value a person types into {@code field} at {@code p} (null p: any endpoint). */
    private Object value(String field, Place p) {
      int roll = random.nextInt(100);
      Kind kind = p == null ? Kind.POSTGRES : p.kind();
      return switch (ConvergenceScenario.FIELDS.get(field)) {
        case TEXT -> {
          if (roll < 50) {
            yield word() + (random.nextBoolean() ? "" : " " + word());
          }
          if (roll < 65) {
            yield "";
          }
          if (roll < 80) {
            yield null;
          }
          yield pick(FORMULA_TEXT);
        }
        case INT -> roll < 82 ? (Object) (long) random.nextInt(40) : null;
        case BOOL -> {
          if (roll < 82 || kind == Kind.NOTION) {
            yield random.nextBoolean();
          }
          yield null;
        }
        case DATE ->
            roll < 85 ? LocalDate.of(2026, 1, 1).plusDays(random.nextInt(500)).toString() : null;
        case KEY -> throw new IllegalArgumentException(field);
      };
    }

    /** A value the schema refuses: a negative quantity, or a word in a sheet's number or date. */
    private ConvergenceStep invalid(Place p, String key) {
      if (p.kind() == Kind.SHEET && random.nextBoolean()) {
        String field = random.nextBoolean() ? "qty" : "due";
        return new ConvergenceStep.Set(p.name(), key, field, new Unreadable(word()));
      }
      return new ConvergenceStep.Set(p.name(), key, "qty", (long) -(1 + random.nextInt(9)));
    }

    /** Someone fixes a quarantined record: a valid value where it is invalid, or deletes it. */
    private List<ConvergenceStep> fix(String key) {
      List<ConvergenceStep> out = new ArrayList<>();
      for (Place p : scenario.places()) {
        if (!run.model.invalidAt(p.name(), key)) {
          continue;
        }
        if (random.nextInt(100) < 10) {
          out.add(new ConvergenceStep.Delete(p.name(), key));
          continue;
        }
        Rec r = run.model.held.get(p.name()).get(key);
        for (String f : ConvergenceScenario.VALUE_FIELDS) {
          Object v = r.get(f);
          if (v instanceof Unreadable || (f.equals("qty") && v instanceof Long q && q < 0)) {
            Object fixed = value(f, p);
            out.add(new ConvergenceStep.Set(p.name(), key, f, fixed));
          }
        }
      }
      return out;
    }

    private String word() {
      return pick(WORDS);
    }

    private <T> T pick(List<T> from) {
      return from.get(random.nextInt(from.size()));
    }

    private int weighted(int... weights) {
      int roll = random.nextInt(Arrays.stream(weights).sum());
      for (int i = 0; i < weights.length; i++) {
        roll -= weights[i];
        if (roll < 0) {
          return i;
        }
      }
      return weights.length - 1;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Figures

  private static void record(
      ConvergenceScenario scenario,
      Figures f,
      long started,
      long walked,
      Failure failure,
      List<ConvergenceStep> shortest,
      int replays) {
    long now = System.nanoTime();
    String line =
        String.format(
            "%-52s seed %-6d %s: %3d syncs (%s), Notion read %d× incrementally, %d× in full,"
                + " %3d edits, %2d decisions, crashes %d armed/%d hit, %5d checks, walk %.1f s"
                + " (%.0f ms/sync)%s",
            scenario.name(),
            SEED,
            failure == null ? "PASS" : "FAIL " + failure.violation().invariant(),
            f.syncs,
            f.modes.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")),
            f.notionIncremental,
            f.notionFull,
            f.edits,
            f.reviews,
            f.crashesArmed,
            f.crashesHit,
            f.checks,
            (walked - started) / 1e9,
            f.syncs == 0 ? 0.0 : (double) f.syncMillis / f.syncs,
            failure == null
                ? ""
                : String.format(
                    ", shrunk %d → %d steps in %d replays, %.1f s",
                    failure.steps().size(), shortest.size(), replays, (now - walked) / 1e9));
    synchronized (FIGURES) {
      FIGURES.put(scenario.name(), line);
    }
    report(line);
  }

  private static void report(String text) {
    System.out.println(text);
    try {
      Path file = Path.of("target", "convergence-report.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          text + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void figures() {
    ConvergenceWorld.shutDown();
    StringBuilder out = new StringBuilder("convergence figures (steps=" + STEPS + "):\n");
    FIGURES.values().forEach(l -> out.append("  ").append(l).append('\n'));
    report(out.toString());
  }
}
