import { quoteIdentifier } from '../db/run-as-role.ts';
import { PostgrestError } from './postgrest-error.ts';
import type { ColumnPath, Condition, Filter, OrderTerm, SelectItem } from './query-grammar.ts';

/** Collects bind parameters; every user value reaches SQL as `$n`, never as text in the query. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The relation a query reads: its display name (for error messages) and, when known, its columns.
 * A set-returning function's columns are not known up front; Postgres then reports unknown ones.
 */
export interface Relation {
  readonly name: string;
  /** The alias the query gives the relation; columns are qualified with it so nothing is ambiguous. */
  readonly alias: string;
  readonly columns: ReadonlySet<string> | undefined;
}

export function columnSql(target: ColumnPath, relation: Relation): string {
  if (relation.columns && !relation.columns.has(target.column)) {
    throw new PostgrestError(400, '42703', `column ${relation.name}.${target.column} does not exist`);
  }
  let sql = `${relation.alias}.${quoteIdentifier(target.column)}`;
  for (const step of target.path)
    sql += /^\d+$/.test(step.key)
      ? `${step.arrow}${step.key}`
      : `${step.arrow}'${step.key.replaceAll("'", "''")}'`;
  return sql;
}

const COMPARISON: Record<string, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'like',
  ilike: 'ilike',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxl: '&<',
  nxr: '&>',
  adj: '-|-',
  isdistinct: 'is distinct from',
};
const TEXT_SEARCH: Record<string, string> = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
};

/** PostgREST lets `*` stand for `%` in like patterns, so URLs need no percent-escaping. */
const likePattern = (value: string) => value.replaceAll('*', '%');

function filterSql(filter: Filter, relation: Relation, params: SqlParams): string {
  const column = columnSql(filter.target, relation);
  const op = filter.operator;
  let sql: string;
  if (op === 'is') {
    const value = filter.value.toLowerCase();
    sql = `${column} is ${value === 'not_null' ? 'not null' : value}`;
  } else if (op === 'in') {
    const list = filter.list ?? [];
    sql = list.length === 0 ? 'false' : `${column} in (${list.map((item) => params.add(item)).join(', ')})`;
  } else if (op in TEXT_SEARCH) {
    const config = filter.language === undefined ? '' : `${params.add(filter.language)}::regconfig, `;
    sql = `${column} @@ ${TEXT_SEARCH[op]}(${config}${params.add(filter.value)})`;
  } else if (filter.quantifier) {
    const value = op === 'like' || op === 'ilike' ? likePattern(filter.value) : filter.value;
    sql = `${column} ${COMPARISON[op]} ${filter.quantifier}(${params.add(value)})`;
  } else {
    const value = op === 'like' || op === 'ilike' ? likePattern(filter.value) : filter.value;
    sql = `${column} ${COMPARISON[op]} ${params.add(value)}`;
  }
  return filter.negate ? `not (${sql})` : sql;
}

export function conditionSql(condition: Condition, relation: Relation, params: SqlParams): string {
  if (condition.kind === 'filter') return filterSql(condition, relation, params);
  const joined =
    condition.items
      .map((item) => `(${conditionSql(item, relation, params)})`)
      .join(` ${condition.operator} `) || 'true';
  return condition.negate ? `not (${joined})` : `(${joined})`;
}

export function whereSql(conditions: readonly Condition[], relation: Relation, params: SqlParams): string {
  if (conditions.length === 0) return '';
  return ` where ${conditions.map((condition) => `(${conditionSql(condition, relation, params)})`).join(' and ')}`;
}

export function orderSql(terms: readonly OrderTerm[], relation: Relation): string {
  if (terms.length === 0) return '';
  const parts = terms.map((term) => {
    const nulls = term.nulls ? ` nulls ${term.nulls}` : '';
    return `${columnSql(term.target, relation)} ${term.descending ? 'desc' : 'asc'}${nulls}`;
  });
  return ` order by ${parts.join(', ')}`;
}

/** The select list, each output named as PostgREST names it (alias, else the last JSON key, else the column). */
export function selectListSql(items: readonly SelectItem[], relation: Relation): string {
  return items
    .map((item) => {
      if (item.target === '*') return `${relation.alias}.*`;
      const name = item.alias ?? item.target.path.at(-1)?.key ?? item.target.column;
      const value = columnSql(item.target, relation);
      return `${item.cast ? `(${value})::${item.cast}` : value} as ${quoteIdentifier(name)}`;
    })
    .join(', ');
}
