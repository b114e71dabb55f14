/**
 * JQL built from Atlassian's own AST (`@atlaskit/jql-ast` creators + `print`), never by pasting
 * text: every value goes through `valueOperand`, which quotes and escapes it, so user text such as
 * `" OR project = SECRET` stays one value and cannot widen a query.
 */
import {
  COMPOUND_OPERATOR_AND,
  COMPOUND_OPERATOR_OR,
  JastBuilder,
  creators,
  print,
  type Clause,
  type Operand,
  type OperatorValue,
  type OrderByDirectionValue,
} from '@atlaskit/jql-ast';

export type JqlValue = string | number;
export type FieldRef = string | { issueProperty: string; path: string };

function fieldNode(ref: FieldRef) {
  if (typeof ref === 'string') return creators.field(ref);
  // issue.property[postmortem].status
  return creators.field('issue.property', [
    creators.property(creators.argument(ref.issueProperty), [creators.argument(`.${ref.path}`)]),
  ]);
}

function operandOf(v: JqlValue | Operand): Operand {
  if (typeof v === 'string') return creators.valueOperand(v);
  if (typeof v === 'number') return creators.valueOperand(String(v));
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
export const isNotEmpty = (field: FieldRef) => creators.terminalClause(fieldNode(field), creators.operator('is not'), creators.keywordOperand());

/** A function operand such as `now()` or `startOfDay("+7d")`. */
export function fn(name: string, args: string[] = []): Operand {
  return creators.functionOperand(creators.functionString(name), args.map((a) => creators.argument(a)));
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
    ? creators.orderBy(order.map(([f, dir]) => creators.orderByField(creators.field(f), dir ? creators.orderByDirection(dir) : undefined)))
    : undefined;
  return print(creators.jast(creators.query(where, orderBy)));
}

/** Parses JQL with Atlassian's parser; returns the syntax errors (empty when it parses). */
export function syntaxErrors(jql: string): string[] {
  const jast = new JastBuilder().build(jql);
  return jast.errors.map((e) => e.message);
}
