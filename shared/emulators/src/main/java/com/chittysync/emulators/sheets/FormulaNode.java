package com.chittysync.emulators.sheets;

import java.util.List;

/** The syntax tree of a parsed formula; {@link Evaluator} computes it. */
interface FormulaNode {
  /** A number literal. */
  record Num(double value) implements FormulaNode {}

  /** A string literal. */
  record Str(String value) implements FormulaNode {}

  /** TRUE or FALSE. */
  record Bool(boolean value) implements FormulaNode {}

  /** An error literal such as {@code #REF!} (also what a deleted reference becomes). */
  record Err(String code) implements FormulaNode {}

  /** A cell or range reference. */
  record RefNode(Ref ref) implements FormulaNode {}

  /** An identifier that is neither a function call nor a reference (a named range): #NAME?. */
  record Name(String name) implements FormulaNode {}

  /** A function call, name upper-cased. */
  record Call(String name, List<FormulaNode> args) implements FormulaNode {}

  /** A binary operator: + - * / ^ & = <> < > <= >=. */
  record Binary(String op, FormulaNode left, FormulaNode right) implements FormulaNode {}

  /** Unary minus or plus. */
  record Unary(String op, FormulaNode operand) implements FormulaNode {}

  /** Postfix percent: divides by 100. */
  record Percent(FormulaNode operand) implements FormulaNode {}
}
