import { PostgrestError } from './postgrest-error.ts';

/**
 * The parts of PostgREST's query-string grammar (`QueryParams.hs`) that supabase-js produces:
 * filters with `not.` and `(any)`/`(all)`, `or`/`and` trees, `select`, `order`, `limit`, `offset`.
 * Parsing yields a model; SQL is built from it elsewhere, only from validated, quoted names.
 */
export type FilterOperator =
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'like'
  | 'ilike'
  | 'match'
  | 'imatch'
  | 'in'
  | 'is'
  | 'isdistinct'
  | 'cs'
  | 'cd'
  | 'ov'
  | 'sl'
  | 'sr'
  | 'nxl'
  | 'nxr'
  | 'adj'
  | 'fts'
  | 'plfts'
  | 'phfts'
  | 'wfts';

const OPERATORS = new Set<string>([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'match',
  'imatch',
  'in',
  'is',
  'isdistinct',
  'cs',
  'cd',
  'ov',
  'sl',
  'sr',
  'nxl',
  'nxr',
  'adj',
  'fts',
  'plfts',
  'phfts',
  'wfts',
]);
const QUANTIFIABLE = new Set<string>(['eq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch']);

/** A column reference with an optional JSON path (`data->a->>b`). */
export interface ColumnPath {
  readonly column: string;
  readonly path: readonly { readonly arrow: '->' | '->>'; readonly key: string }[];
}

export interface Filter {
  readonly kind: 'filter';
  readonly target: ColumnPath;
  readonly negate: boolean;
  readonly operator: FilterOperator;
  readonly quantifier: 'any' | 'all' | undefined;
  /** `fts` family: the text-search config in parentheses. */
  readonly language: string | undefined;
  readonly value: string;
  /** `in`: the parsed list. */
  readonly list: readonly string[] | undefined;
}

export interface Logic {
  readonly kind: 'logic';
  readonly operator: 'and' | 'or';
  readonly negate: boolean;
  readonly items: readonly Condition[];
}

export type Condition = Filter | Logic;

export interface SelectItem {
  readonly target: ColumnPath | '*';
  readonly alias: string | undefined;
  readonly cast: string | undefined;
}

export interface OrderTerm {
  readonly target: ColumnPath;
  readonly descending: boolean;
  readonly nulls: 'first' | 'last' | undefined;
}

export function parseError(message: string, details: string | null = null): PostgrestError {
  return new PostgrestError(400, 'PGRST100', message, details);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$|^"(?:[^"]|"")+"$/;

function parseIdentifier(text: string): string {
  const trimmed = text.trim();
  if (!IDENT.test(trimmed))
    throw parseError(`"failed to parse identifier (${text})"`, `unexpected "${text}"`);
  return trimmed.startsWith('"') ? trimmed.slice(1, -1).replaceAll('""', '"') : trimmed;
}

export function parseColumnPath(text: string): ColumnPath {
  const parts = text.split(/(->>|->)/);
  const column = parseIdentifier(parts[0] ?? '');
  const path: { arrow: '->' | '->>'; key: string }[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i + 1] ?? '';
    if (!/^[A-Za-z0-9_$ -]+$/.test(key)) throw parseError(`"failed to parse json path (${text})"`);
    path.push({ arrow: parts[i] as '->' | '->>', key });
  }
  return { column, path };
}

/** Splits on commas outside parentheses and double quotes. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && quoted) {
      current += ch + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    if (ch === ',' && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (depth !== 0 || quoted)
    throw parseError(`"failed to parse logic tree (${text})"`, 'unbalanced parentheses or quotes');
  parts.push(current);
  return parts;
}

/** `(a,"b,c",d)` → ['a', 'b,c', 'd'] with backslash escapes inside quotes. */
function parseList(text: string): string[] {
  if (!text.startsWith('(') || !text.endsWith(')'))
    throw parseError(`"failed to parse filter (in.${text})"`, 'expected a parenthesised list');
  const inner = text.slice(1, -1);
  if (inner === '') return [];
  return splitTopLevel(inner).map((item) => {
    const trimmed = item.trim();
    if (trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2)
      return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
    return trimmed;
  });
}

/** Parses the right-hand side of a filter: `[not.]op[(any|all)|(lang)].value`. */
export function parseFilter(target: ColumnPath, expression: string): Filter {
  let rest = expression;
  let negate = false;
  if (rest.startsWith('not.')) {
    negate = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf('.');
  if (dot < 0) throw parseError(`"failed to parse filter (${expression})"`, `unexpected end of input`);
  const head = rest.slice(0, dot);
  const value = rest.slice(dot + 1);
  const match = /^([a-z]+)(?:\(([A-Za-z0-9_]+)\))?$/.exec(head);
  const operator = match?.[1];
  if (!match || !operator || !OPERATORS.has(operator))
    throw parseError(`"failed to parse filter (${expression})"`, `unknown operator "${head}"`);
  const modifier = match[2];
  let quantifier: 'any' | 'all' | undefined;
  let language: string | undefined;
  if (modifier !== undefined) {
    if ((modifier === 'any' || modifier === 'all') && QUANTIFIABLE.has(operator)) quantifier = modifier;
    else if (operator.endsWith('fts')) language = modifier;
    else
      throw parseError(`"failed to parse filter (${expression})"`, `"${modifier}" cannot modify ${operator}`);
  }
  if (operator === 'is' && !/^(null|not_null|true|false|unknown)$/i.test(value)) {
    throw parseError(
      `"failed to parse filter (${expression})"`,
      'is accepts null, not_null, true, false or unknown',
    );
  }
  return {
    kind: 'filter',
    target,
    negate,
    operator: operator as FilterOperator,
    quantifier,
    language,
    value,
    list: operator === 'in' ? parseList(value) : undefined,
  };
}

/**
 * How deep `or`/`and` trees may nest. supabase-js builds one or two levels; a tree thousands deep
 * would only exhaust the stack of the parser or the database, so it is a coded 400 instead.
 */
export const MAX_LOGIC_DEPTH = 16;

/** Parses `(a.eq.1,and(b.gt.2,c.is.null))` after an `or`/`and` key. */
export function parseLogic(operator: 'and' | 'or', negate: boolean, text: string, depth = 1): Logic {
  if (depth > MAX_LOGIC_DEPTH)
    throw parseError(
      `"failed to parse logic tree (${text.slice(0, 40)}…)"`,
      `logic trees (or, and) nest at most ${MAX_LOGIC_DEPTH} levels`,
    );
  if (!text.startsWith('(') || !text.endsWith(')'))
    throw parseError(`"failed to parse logic tree (${text})"`, 'expected "(" … ")"');
  const items = splitTopLevel(text.slice(1, -1)).map((item): Condition => {
    const nested = /^(not\.)?(and|or)(\(.*\))$/s.exec(item);
    if (nested) return parseLogic(nested[2] as 'and' | 'or', nested[1] !== undefined, nested[3]!, depth + 1);
    const dot = item.indexOf('.');
    if (dot < 0) throw parseError(`"failed to parse logic tree (${text})"`, `unexpected "${item}"`);
    return parseFilter(parseColumnPath(item.slice(0, dot)), item.slice(dot + 1));
  });
  return { kind: 'logic', operator, negate, items };
}

/**
 * A cast target: one type name, or one of the few multi-word ones, optionally an array. Casts
 * are the only select text that reaches SQL unquoted, so nothing else (no spaces between
 * arbitrary words, no punctuation) gets through.
 */
const CAST_TYPE =
  /^(?:[A-Za-z_][A-Za-z0-9_]*|double precision|character varying|timestamp with(?:out)? time zone|time with(?:out)? time zone)(?:\[\])?$/;

export function parseSelect(text: string): SelectItem[] {
  return splitTopLevel(text).map((raw) => {
    const item = raw.trim();
    if (item === '*') return { target: '*', alias: undefined, cast: undefined };
    if (item.includes('(')) {
      throw new PostgrestError(
        400,
        'PGRST200',
        `Could not find a relationship for '${item.split('(')[0]}' in the schema cache`,
        'Embedded resources are not supported by this server',
      );
    }
    let rest = item;
    let alias: string | undefined;
    const colon = /^([A-Za-z_][A-Za-z0-9_]*):(?!:)/.exec(rest);
    if (colon) {
      alias = colon[1];
      rest = rest.slice(colon[0].length);
    }
    let cast: string | undefined;
    const castAt = rest.indexOf('::');
    if (castAt >= 0) {
      cast = rest.slice(castAt + 2);
      rest = rest.slice(0, castAt);
      if (!CAST_TYPE.test(cast))
        throw parseError(`"failed to parse select parameter (${item})"`, `bad cast "${cast}"`);
    }
    return { target: parseColumnPath(rest), alias, cast };
  });
}

export function parseOrder(text: string): OrderTerm[] {
  return splitTopLevel(text).map((raw) => {
    const parts = raw.trim().split('.');
    let descending = false;
    let nulls: 'first' | 'last' | undefined;
    const modifiers: string[] = [];
    while (parts.length > 1 && /^(asc|desc|nullsfirst|nullslast)$/.test(parts[parts.length - 1]!))
      modifiers.unshift(parts.pop()!);
    for (const modifier of modifiers) {
      if (modifier === 'desc') descending = true;
      else if (modifier === 'nullsfirst') nulls = 'first';
      else if (modifier === 'nullslast') nulls = 'last';
    }
    return { target: parseColumnPath(parts.join('.')), descending, nulls };
  });
}

export function parseNonNegativeInteger(name: string, text: string): number {
  if (!/^\d+$/.test(text))
    throw parseError(
      `"failed to parse ${name} parameter (${text})"`,
      `${name} must be a non-negative integer`,
    );
  return Number(text);
}
