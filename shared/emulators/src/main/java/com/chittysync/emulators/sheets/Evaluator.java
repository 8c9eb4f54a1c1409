package com.chittysync.emulators.sheets;

import com.chittysync.emulators.sheets.FormulaNode.Binary;
import com.chittysync.emulators.sheets.FormulaNode.Bool;
import com.chittysync.emulators.sheets.FormulaNode.Call;
import com.chittysync.emulators.sheets.FormulaNode.Err;
import com.chittysync.emulators.sheets.FormulaNode.Name;
import com.chittysync.emulators.sheets.FormulaNode.Num;
import com.chittysync.emulators.sheets.FormulaNode.Percent;
import com.chittysync.emulators.sheets.FormulaNode.RefNode;
import com.chittysync.emulators.sheets.FormulaNode.Str;
import com.chittysync.emulators.sheets.FormulaNode.Unary;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Computes formula cells of one tab, on every read (Sheets recalculates on change; computing on
 * read gives the same answers). One evaluator serves one read, memoizing each cell it computed;
 * callers walk rows top to bottom so running totals ({@code =C1+B2}) recurse only one level.
 *
 * <p>Recursion is bounded: a chain deeper than {@link #MAX_DEPTH} (say 50,000 cells each reading
 * the one below) is resumed from its deep end, so no chain can overflow a server thread's stack.
 *
 * <p>Supported: numbers, strings, booleans, same-tab cell and range references, {@code + - * / ^ &
 * %}, comparisons, and the functions in {@link #call}. Anything else gives {@code #NAME?};
 * references to deleted cells {@code #REF!}; a cycle {@code #REF!} like Sheets' "circular
 * dependency"; a formula result takes the number format of the first formatted cell it reads (so
 * {@code =SUM(B2:B4)} over currency shows {@code $135.5}, {@code =MAX(D2:D4)} over dates a date).
 */
final class Evaluator {
  /** Formula nesting evaluated recursively before a chain is resumed from its deep end. */
  static final int MAX_DEPTH = 200;

  /** Unwinds a too-deep evaluation; it names the cell to evaluate first. */
  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int row;
    final int col;

    TooDeep(int row, int col) {
      super(null, null, false, false);
      this.row = row;
      this.col = col;
    }
  }

  private final SheetRecord sheet;
  private final Map<Long, Value> memo = new HashMap<>();
  private final Set<Long> active = new HashSet<>();
  private int row;
  private int col;
  private int depth;

  Evaluator(SheetRecord sheet) {
    this.sheet = sheet;
  }

  /** The computed value of a cell (empty cells are {@link Value#EMPTY}). */
  Value valueAt(int r, int c) {
    if (depth > 0) {
      return compute(r, c);
    }
    // Top level: evaluate, and when a chain is too deep, evaluate its deep end first (memoized),
    // then retry. A cell met twice this way is on a long cycle: #REF!, like a short one.
    Deque<int[]> pending = new ArrayDeque<>();
    Set<Long> deferred = new HashSet<>();
    pending.push(new int[] {r, c});
    while (true) {
      int[] top = pending.peek();
      try {
        Value v = compute(top[0], top[1]);
        pending.pop();
        if (pending.isEmpty()) {
          return v;
        }
      } catch (TooDeep d) {
        if (deferred.add(key(d.row, d.col))) {
          pending.push(new int[] {d.row, d.col});
        } else {
          memo.put(key(d.row, d.col), Value.REF);
        }
      }
    }
  }

  private static long key(int r, int c) {
    return ((long) r << 20) | c;
  }

  private Value compute(int r, int c) {
    Cell cell = sheet.get(r, c);
    if (cell == null) {
      return Value.EMPTY;
    }
    if (cell.kind != Cell.Kind.FORMULA) {
      return cell.constant();
    }
    long key = key(r, c);
    Value known = memo.get(key);
    if (known != null) {
      return known;
    }
    if (active.contains(key)) {
      return Value.REF; // circular dependency
    }
    if (depth >= MAX_DEPTH) {
      throw new TooDeep(r, c);
    }
    active.add(key);
    int savedRow = row;
    int savedCol = col;
    row = r;
    col = c;
    depth++;
    Value v;
    try {
      FormulaNode root = cell.formula.root();
      v = root == null ? Value.PARSE : scalar(root);
    } finally {
      depth--;
      row = savedRow;
      col = savedCol;
      active.remove(key);
    }
    memo.put(key, v);
    return v;
  }

  // ---- expressions ----

  private Value scalar(FormulaNode node) {
    if (node instanceof Num n) {
      return Value.number(n.value());
    }
    if (node instanceof Str s) {
      return Value.string(s.value());
    }
    if (node instanceof Bool b) {
      return Value.bool(b.value());
    }
    if (node instanceof Err e) {
      return Value.error(e.code());
    }
    if (node instanceof Name) {
      return Value.NAME;
    }
    if (node instanceof RefNode r) {
      Ref ref = r.ref();
      if (!ref.range() || (ref.top() == ref.bottom() && ref.left() == ref.right())) {
        return valueAt(ref.top(), ref.left());
      }
      return Value.VALUE; // a multi-cell range where one value is needed
    }
    if (node instanceof Unary u) {
      Value v = number(scalar(u.operand()));
      return v.isError() || u.op().equals("+") ? v : Value.number(-v.number, v.format);
    }
    if (node instanceof Percent p) {
      Value v = number(scalar(p.operand()));
      return v.isError() ? v : Value.number(v.number / 100.0);
    }
    if (node instanceof Binary b) {
      return binary(b.op(), scalar(b.left()), scalar(b.right()));
    }
    if (node instanceof Call c) {
      return call(c.name(), c.args());
    }
    return Value.PARSE;
  }

  private Value binary(String op, Value a, Value b) {
    if (a.isError()) {
      return a;
    }
    if (b.isError()) {
      return b;
    }
    switch (op) {
      case "&":
        return Value.string(text(a) + text(b));
      case "=":
      case "<>":
      case "<":
      case ">":
      case "<=":
      case ">=":
        return Value.bool(compareOp(op, compare(a, b)));
      default:
        break;
    }
    Value x = number(a);
    if (x.isError()) {
      return x;
    }
    Value y = number(b);
    if (y.isError()) {
      return y;
    }
    NumberFormat f =
        x.format != null ? x.format.inherited() : y.format != null ? y.format.inherited() : null;
    switch (op) {
      case "+":
        return Value.number(x.number + y.number, f);
      case "-":
        boolean bothDates =
            x.format != null && y.format != null && x.format.isDateLike() && y.format.isDateLike();
        return Value.number(x.number - y.number, bothDates ? null : f);
      case "*":
        return Value.number(x.number * y.number, f);
      case "/":
        return y.number == 0 ? Value.DIV0 : Value.number(x.number / y.number, f);
      case "^":
        return Value.number(Math.pow(x.number, y.number));
      default:
        return Value.PARSE;
    }
  }

  private static boolean compareOp(String op, int cmp) {
    return switch (op) {
      case "=" -> cmp == 0;
      case "<>" -> cmp != 0;
      case "<" -> cmp < 0;
      case ">" -> cmp > 0;
      case "<=" -> cmp <= 0;
      default -> cmp >= 0;
    };
  }

  /** Sheets' ordering: numbers, then text (case-insensitive), then booleans; empty as 0 or "". */
  static int compare(Value a, Value b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 0;
    }
    if (a.isEmpty()) {
      a =
          b.kind == Value.Kind.STRING
              ? Value.string("")
              : b.kind == Value.Kind.BOOLEAN ? Value.FALSE : Value.number(0);
    }
    if (b.isEmpty()) {
      b =
          a.kind == Value.Kind.STRING
              ? Value.string("")
              : a.kind == Value.Kind.BOOLEAN ? Value.FALSE : Value.number(0);
    }
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (a.kind) {
      case NUMBER -> Double.compare(a.number, b.number);
      case BOOLEAN -> Boolean.compare(a.bool, b.bool);
      default -> a.text.compareToIgnoreCase(b.text);
    };
  }

  private static int rank(Value v) {
    return switch (v.kind) {
      case NUMBER -> 0;
      case STRING -> 1;
      case BOOLEAN -> 2;
      default -> 3;
    };
  }

  /** Coerces to a number: booleans 1/0, empty 0, numeric text parsed, other text #VALUE!. */
  static Value number(Value v) {
    switch (v.kind) {
      case NUMBER:
      case ERROR:
        return v;
      case EMPTY:
        return Value.number(0);
      case BOOLEAN:
        return Value.number(v.bool ? 1 : 0);
      default:
        Double d = InputParser.asNumber(v.text);
        return d == null ? Value.VALUE : Value.number(d);
    }
  }

  /** Coerces to text the way {@code &} does: numbers in "Automatic" format, dates as serials. */
  static String text(Value v) {
    return switch (v.kind) {
      case EMPTY -> "";
      case NUMBER -> ValueFormatter.general(v.number);
      case BOOLEAN -> v.bool ? "TRUE" : "FALSE";
      default -> v.text;
    };
  }

  private static boolean truthy(Value v) {
    return switch (v.kind) {
      case BOOLEAN -> v.bool;
      case NUMBER -> v.number != 0;
      default -> false;
    };
  }

  // ---- functions ----

  /** Visits every value of an argument: the cells of a range, or the argument itself. */
  private void eachValue(FormulaNode arg, Consumer<Value> visitor, boolean[] fromRange) {
    if (arg instanceof RefNode r && r.ref().range()) {
      Ref ref = r.ref();
      int bottom = Math.min(ref.bottom(), sheet.lastDataRow());
      for (int rr = ref.top(); rr <= bottom; rr++) {
        int right = Math.min(ref.right(), sheet.rowLength(rr) - 1);
        for (int cc = ref.left(); cc <= right; cc++) {
          visitor.accept(valueAt(rr, cc));
        }
      }
      fromRange[0] = true;
    } else if (arg instanceof RefNode r) {
      visitor.accept(valueAt(r.ref().top(), r.ref().left()));
      fromRange[0] = true;
    } else {
      visitor.accept(scalar(arg));
      fromRange[0] = false;
    }
  }

  /** Numeric aggregation: numbers in ranges count, text and booleans in ranges are skipped. */
  private final class Numbers {
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int count;
    Value error;
    NumberFormat format;

    void collect(List<FormulaNode> args) {
      boolean[] fromRange = new boolean[1];
      for (FormulaNode arg : args) {
        eachValue(
            arg,
            v -> {
              if (error != null) {
                return;
              }
              if (v.isError()) {
                error = v;
                return;
              }
              Value n = v;
              if (v.kind != Value.Kind.NUMBER) {
                if (isRangeArg(arg) || v.isEmpty()) {
                  return;
                }
                n = number(v);
                if (n.isError()) {
                  error = n;
                  return;
                }
              }
              if (format == null && n.format != null) {
                format = n.format.inherited();
              }
              sum += n.number;
              min = Math.min(min, n.number);
              max = Math.max(max, n.number);
              count++;
            },
            fromRange);
      }
    }
  }

  private static boolean isRangeArg(FormulaNode arg) {
    return arg instanceof RefNode;
  }

  /**
   * SUM, MIN, MAX, AVERAGE, COUNT, COUNTA, CONCATENATE, CONCAT, UPPER, LOWER, TRIM, LEN, IF, AND,
   * OR, NOT, ROUND, ABS, ROW, COLUMN; anything else is {@code #NAME?}.
   */
  private Value call(String name, List<FormulaNode> args) {
    switch (name) {
      case "SUM":
      case "MIN":
      case "MAX":
      case "AVERAGE":
        {
          if (args.isEmpty()) {
            return Value.NA;
          }
          Numbers n = new Numbers();
          n.collect(args);
          if (n.error != null) {
            return n.error;
          }
          return switch (name) {
            case "SUM" -> Value.number(n.sum, n.format);
            case "MIN" -> Value.number(n.count == 0 ? 0 : n.min, n.format);
            case "MAX" -> Value.number(n.count == 0 ? 0 : n.max, n.format);
            default -> n.count == 0 ? Value.DIV0 : Value.number(n.sum / n.count, n.format);
          };
        }
      case "COUNT":
      case "COUNTA":
        {
          int[] count = new int[1];
          boolean[] fromRange = new boolean[1];
          for (FormulaNode arg : args) {
            eachValue(
                arg,
                v -> {
                  if (name.equals("COUNTA") ? !v.isEmpty() : v.kind == Value.Kind.NUMBER) {
                    count[0]++;
                  }
                },
                fromRange);
          }
          return Value.number(count[0]);
        }
      case "CONCATENATE":
      case "CONCAT":
        {
          if (name.equals("CONCAT") && args.size() != 2) {
            return Value.NA;
          }
          StringBuilder sb = new StringBuilder();
          Value[] error = new Value[1];
          boolean[] fromRange = new boolean[1];
          for (FormulaNode arg : args) {
            eachValue(
                arg,
                v -> {
                  if (v.isError() && error[0] == null) {
                    error[0] = v;
                  }
                  sb.append(text(v));
                },
                fromRange);
          }
          return error[0] != null ? error[0] : Value.string(sb.toString());
        }
      case "UPPER":
      case "LOWER":
      case "TRIM":
      case "LEN":
        {
          if (args.size() != 1) {
            return Value.NA;
          }
          Value v = scalar(args.get(0));
          if (v.isError()) {
            return v;
          }
          String s = text(v);
          return switch (name) {
            case "UPPER" -> Value.string(s.toUpperCase(Locale.ROOT));
            case "LOWER" -> Value.string(s.toLowerCase(Locale.ROOT));
            case "TRIM" -> Value.string(s.trim().replaceAll(" +", " "));
            default -> Value.number(s.length());
          };
        }
      case "IF":
        {
          if (args.size() < 2 || args.size() > 3) {
            return Value.NA;
          }
          Value cond = scalar(args.get(0));
          if (cond.isError()) {
            return cond;
          }
          if (cond.kind == Value.Kind.STRING) {
            return Value.VALUE;
          }
          if (truthy(cond)) {
            return scalar(args.get(1));
          }
          return args.size() == 3 ? scalar(args.get(2)) : Value.FALSE;
        }
      case "AND":
      case "OR":
        {
          if (args.isEmpty()) {
            return Value.NA;
          }
          boolean and = name.equals("AND");
          boolean result = and;
          for (FormulaNode arg : args) {
            Value v = scalar(arg);
            if (v.isError()) {
              return v;
            }
            result = and ? result && truthy(v) : result || truthy(v);
          }
          return Value.bool(result);
        }
      case "NOT":
        {
          if (args.size() != 1) {
            return Value.NA;
          }
          Value v = scalar(args.get(0));
          return v.isError() ? v : Value.bool(!truthy(v));
        }
      case "ROUND":
      case "ABS":
        {
          if (args.isEmpty() || args.size() > (name.equals("ROUND") ? 2 : 1)) {
            return Value.NA;
          }
          Value x = number(scalar(args.get(0)));
          if (x.isError()) {
            return x;
          }
          if (name.equals("ABS")) {
            return Value.number(Math.abs(x.number), x.format);
          }
          int places = 0;
          if (args.size() == 2) {
            Value p = number(scalar(args.get(1)));
            if (p.isError()) {
              return p;
            }
            places = (int) p.number;
          }
          BigDecimal bd = BigDecimal.valueOf(x.number).setScale(places, RoundingMode.HALF_UP);
          return Value.number(bd.doubleValue(), x.format);
        }
      case "ROW":
      case "COLUMN":
        {
          boolean isRow = name.equals("ROW");
          if (args.isEmpty()) {
            return Value.number((isRow ? row : col) + 1);
          }
          if (args.size() == 1 && args.get(0) instanceof RefNode r) {
            return Value.number((isRow ? r.ref().top() : r.ref().left()) + 1);
          }
          return Value.NA;
        }
      default:
        return Value.NAME;
    }
  }
}
