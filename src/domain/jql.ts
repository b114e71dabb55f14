/**
 * JQL built from Atlassian's own AST (`@atlaskit/jql-ast` creators + `print`), never by pasting
 * text. Every value goes through `literal`: a plain word stays bare, anything else is quoted with
 * both `"` and `\` escaped, so user text such as `" OR project = SECRET`, or a value ending in a
 * backslash (which would escape its own closing quote), stays one value and cannot widen a query.
 * The library's own `valueOperand` escapes quotes but not backslashes, and leaves reserved words
 * bare when a feature flag is off; the rules are in docs/platform.md (JQL values).
 */
import {
  COMPOUND_OPERATOR_AND,
  COMPOUND_OPERATOR_OR,
  JastBuilder,
  RESERVED_WORDS,
  creators,
  print,
  type Clause,
  type Operand,
  type OperatorValue,
  type OrderByDirectionValue,
} from '@atlaskit/jql-ast';

/** A value JQL cannot carry: its lexer refuses these characters even inside quotes. */
export class JqlValueError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'JqlValueError';
  }
}

/** Characters the JQL lexer refuses in any string (control characters and noncharacters). */
const UNREPRESENTABLE = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/;
/** What may stay bare: letters, digits and `_ . -`, starting with a letter or digit (`in-review`, `OPS-12`). */
const BARE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** Keywords of the grammar that are not in the library's reserved-word list. */
const KEYWORDS = new Set(['changed', 'during', 'was']);

/**
 * The JQL text of a string value: bare when it is a plain word that is no keyword, else in double
 * quotes with `\` and `"` escaped. Throws JqlValueError for a character JQL cannot carry.
 */
export function literal(value: string): string {
  const bad = UNREPRESENTABLE.exec(value);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new JqlValueError(
      `A JQL value cannot hold the control character U+${code}: remove it from ${JSON.stringify(value.slice(0, 60))}.`,
    );
  }
  const word = value.toLowerCase();
  if (BARE.test(value) && !RESERVED_WORDS.has(word) && !KEYWORDS.has(word)) return value;
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

export type JqlValue = string | number;
export type FieldRef = string | { issueProperty: string; path: string };

/** Field names, property keys and paths come from the code, never from people: checked, not quoted. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.]*$/;
const PROPERTY_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const PROPERTY_PATH = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/;

function fieldNode(ref: FieldRef) {
  if (typeof ref === 'string') {
    if (!FIELD_NAME.test(ref)) throw new JqlValueError(`Not a JQL field name: ${JSON.stringify(ref)}.`);
    return creators.field(ref);
  }
  if (!PROPERTY_KEY.test(ref.issueProperty) || !PROPERTY_PATH.test(ref.path)) {
    throw new JqlValueError(`Not an issue property reference: ${JSON.stringify(ref)}.`);
  }
  // issue.property[postmortem].status
  return creators.field('issue.property', [
    creators.property(creators.byText.argument(ref.issueProperty), [creators.byText.argument(`.${ref.path}`)]),
  ]);
}

function operandOf(v: JqlValue | Operand): Operand {
  if (typeof v === 'string') return creators.byText.valueOperand(literal(v));
  if (typeof v === 'number') {
    const text = String(v);
    if (!/^-?\d+(?:\.\d+)?$/.test(text)) throw new JqlValueError(`Not a JQL number: ${text}.`);
    return creators.byText.valueOperand(text);
  }
  return v;
}

export function clause(field: FieldRef, op: OperatorValue, value: JqlValue | Operand | Array<JqlValue | Operand>): Clause {
  const operand = Array.isArray(value) ? creators.listOperand(value.map(operandOf)) : operandOf(value);
  return creators.terminalClause(fieldNode(field), creators.operator(op), operand);
}

export const eq = (field: FieldRef, value: JqlValue | Operand) => clause(field, '=', value);
export const neq = (field: FieldRef, value: JqlValue | Operand) => clause(field, '!=', value);
export const inList = (field: FieldRef, values: JqlValue[]) => clause(field, 'in', values);
export const isEmpty = (field: FieldRef) => creators.terminalClause(fieldNode(field), creators.operator('is'), creators.keywordOperand());
export const isNotEmpty = (field: FieldRef) =>
  creators.terminalClause(fieldNode(field), creators.operator('is not'), creators.keywordOperand());

/** A function operand such as `now()` or `startOfDay("+7d")`. */
export function fn(name: string, args: string[] = []): Operand {
  if (!FIELD_NAME.test(name)) throw new JqlValueError(`Not a JQL function name: ${JSON.stringify(name)}.`);
  return creators.functionOperand(
    creators.functionString(name),
    args.map((a) => creators.byText.argument(literal(a))),
  );
}

export function and(...clauses: Clause[]): Clause {
  if (clauses.length === 1 && clauses[0]) return clauses[0];
  return creators.compoundClause(creators.compoundOperator(COMPOUND_OPERATOR_AND), clauses);
}
export function or(...clauses: Clause[]): Clause {
  if (clauses.length === 1 && clauses[0]) return clauses[0];
  return creators.compoundClause(creators.compoundOperator(COMPOUND_OPERATOR_OR), clauses);
}
export const not = (c: Clause) => creators.notClause(c);

export function query(where: Clause, order: Array<[string, OrderByDirectionValue?]> = []): string {
  const orderBy = order.length
    ? creators.orderBy(order.map(([f, dir]) => creators.orderByField(fieldNode(f), dir ? creators.orderByDirection(dir) : undefined)))
    : undefined;
  return print(creators.jast(creators.query(where, orderBy)));
}

/** Parses JQL with Atlassian's parser; returns the syntax errors (empty when it parses). */
export function syntaxErrors(jql: string): string[] {
  const jast = new JastBuilder().build(jql);
  return jast.errors.map((e) => e.message);
}
