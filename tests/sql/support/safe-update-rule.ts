import { loadModule, parsePlPgSQLSync, parseSync, scanSync } from 'libpg-query';
import type { Queryable } from '../../../server/db/database.ts';

/**
 * Supabase's `authenticator` role preloads pg-safeupdate: in every statement the API runs, and
 * inside every function and trigger those statements reach, an UPDATE or DELETE without a WHERE
 * clause fails (`21000`, "UPDATE requires a WHERE clause"). Neither PGlite nor Debian's
 * PostgreSQL can load that extension, so this check reads the rule off the catalogue instead:
 * every SQL and PL/pgSQL function of the project's schemas (a superset of what the API reaches)
 * is parsed with PostgreSQL's own parser (libpg_query), and every UPDATE and DELETE in it — in
 * plain statements, data-modifying CTEs, expressions, and in dynamic SQL built with `format()`
 * from a literal — must carry a WHERE clause, as pg-safeupdate requires.
 *
 * What cannot be read statically is reported too, so nothing passes unseen: dynamic SQL that is
 * not a literal or `format()` of one, and functions in other languages.
 */
export interface SafeUpdateFinding {
  /** The function, as `regprocedure` text (`sync.soft_delete()`). */
  readonly fn: string;
  /** Line of the PL/pgSQL body, when known. */
  readonly line: number | null;
  readonly statement: string;
  /** `violation`: pg-safeupdate would refuse it; `unchecked`: it could not be read. */
  readonly kind: 'violation' | 'unchecked';
  readonly reason: string;
}

interface FunctionSource {
  readonly name: string;
  readonly language: string;
  readonly source: string | null;
  readonly definition: string;
}

/** Every function of the database's own schemas that is not part of an extension. */
const FUNCTIONS_SQL = `
  select p.oid::regprocedure::text as name, l.lanname as language, p.prosrc as source,
         pg_get_functiondef(p.oid) as definition
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    join pg_language l on l.oid = p.prolang
   where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
     and p.prokind in ('f', 'p')
     and not exists (select 1 from pg_depend d
                      where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
   order by 1`;

let loaded: Promise<void> | undefined;

/** Checks every function of `db` (see above); an empty list means pg-safeupdate would refuse nothing. */
export async function findUnsafeWrites(db: Queryable): Promise<SafeUpdateFinding[]> {
  await (loaded ??= loadModule());
  const { rows } = await db.query<FunctionSource>(FUNCTIONS_SQL);
  return rows.flatMap(checkFunction);
}

function checkFunction(fn: FunctionSource): SafeUpdateFinding[] {
  const found: SafeUpdateFinding[] = [];
  const report = (line: number | null, statement: string, kind: SafeUpdateFinding['kind'], reason: string) =>
    found.push({ fn: fn.name, line, statement: statement.replace(/\s+/g, ' ').trim(), kind, reason });
  const checkSql = (sql: string, line: number | null) => {
    let tree: unknown;
    try {
      tree = parseSync(sql);
    } catch (error) {
      return report(line, sql, 'unchecked', `does not parse: ${(error as Error).message}`);
    }
    for (const command of writesWithoutWhere(tree))
      report(line, sql, 'violation', `${command} requires a WHERE clause`);
  };

  if (fn.language === 'sql') {
    // A `begin atomic` body has no source text: its statements are in the definition.
    checkSql(fn.source?.trim() ? fn.source : fn.definition, null);
  } else if (fn.language === 'plpgsql') {
    let tree: unknown;
    try {
      tree = parsePlPgSQLSync(fn.definition);
    } catch (error) {
      report(null, fn.definition, 'unchecked', `PL/pgSQL does not parse: ${(error as Error).message}`);
      return found;
    }
    for (const expr of plpgsqlExpressions(tree)) {
      if (!expr.dynamic) {
        checkSql(asStatement(expr.query, expr.parseMode), expr.line);
        continue;
      }
      // The expression itself is SQL too (it may call a function, read a table).
      checkSql(`select ${expr.query}`, expr.line);
      const text = dynamicSqlText(expr.query);
      if (text === undefined) {
        report(expr.line, expr.query, 'unchecked', 'dynamic SQL that is not a literal or format() of one');
      } else {
        checkSql(text, expr.line);
      }
    }
  } else {
    report(null, fn.definition, 'unchecked', `functions in ${fn.language} cannot be checked`);
  }
  return found;
}

interface PlpgsqlExpression {
  readonly query: string;
  readonly parseMode: number;
  readonly line: number | null;
  /** The expression's value is a statement to EXECUTE, not the statement itself. */
  readonly dynamic: boolean;
}

/** The PL/pgSQL statements whose expression is the text of a statement to run. */
const DYNAMIC_KEYS: Record<string, string> = {
  PLpgSQL_stmt_dynexecute: 'query',
  PLpgSQL_stmt_dynfors: 'query',
  PLpgSQL_stmt_return_query: 'dynquery',
  PLpgSQL_stmt_open: 'dynquery',
};

/** Every SQL expression of a PL/pgSQL tree (statements, conditions, defaults), with its line. */
function plpgsqlExpressions(tree: unknown): PlpgsqlExpression[] {
  const found: PlpgsqlExpression[] = [];
  const visit = (node: unknown, line: number | null, dynamic: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, line, false);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'PLpgSQL_expr') {
        const expr = value as { query: string; parseMode?: number };
        found.push({ query: expr.query, parseMode: expr.parseMode ?? 0, line, dynamic });
        continue;
      }
      const here = (value as { lineno?: unknown } | null)?.lineno;
      const nextLine = typeof here === 'number' ? here : line;
      const dynamicKey = DYNAMIC_KEYS[key];
      if (dynamicKey !== undefined && value !== null && typeof value === 'object') {
        for (const [field, child] of Object.entries(value as Record<string, unknown>))
          visit(child, nextLine, field === dynamicKey);
        continue;
      }
      visit(value, nextLine, false);
    }
  };
  visit(tree, null, false);
  return found;
}

/**
 * PL/pgSQL hands the SQL parser each expression in a mode (PostgreSQL's RawParseMode): 0 is a
 * whole statement, 2 an expression, 3 to 5 an assignment `target := expression`.
 */
function asStatement(query: string, parseMode: number): string {
  if (parseMode === 0) return query;
  if (parseMode >= 3 && parseMode <= 5) return `select ${assignedExpression(query)}`;
  return `select ${query}`;
}

function assignedExpression(assignment: string): string {
  let depth = 0;
  for (const token of scanSync(assignment).tokens) {
    if (token.text === '(' || token.text === '[') depth += 1;
    else if (token.text === ')' || token.text === ']') depth -= 1;
    else if (depth === 0 && (token.text === ':=' || token.text === '=')) return assignment.slice(token.end);
  }
  return assignment;
}

/**
 * The statement text a dynamic EXECUTE runs, when it can be read: a string literal, `format()`
 * of a literal (its placeholders stand for an identifier, a literal or an expression), or a
 * concatenation with at least one literal part. Undefined otherwise.
 */
export function dynamicSqlText(expression: string): string | undefined {
  let tree: { stmts?: { stmt?: { SelectStmt?: { targetList?: { ResTarget?: { val?: unknown } }[] } } }[] };
  try {
    tree = parseSync(`select ${expression}`) as typeof tree;
  } catch {
    return undefined;
  }
  return render(tree.stmts?.[0]?.stmt?.SelectStmt?.targetList?.[0]?.ResTarget?.val);
}

function render(node: unknown): string | undefined {
  const value = node as Record<string, Record<string, unknown>> | undefined;
  if (!value) return undefined;
  const literal = stringConstant(value);
  if (literal !== undefined) return literal;
  if (value['TypeCast']) return render(value['TypeCast']['arg']);
  const call = value['FuncCall'] as { funcname?: unknown[]; args?: unknown[] } | undefined;
  if (call) {
    const name = (call.funcname ?? []).map((part) => (part as { String?: { sval?: string } }).String?.sval);
    const template = call.args?.[0] ? render(call.args[0]) : undefined;
    if (name.at(-1) === 'format' && (name.length === 1 || name[0] === 'pg_catalog') && template !== undefined)
      return fillFormat(template);
    return undefined;
  }
  const operator = value['A_Expr'] as
    { kind?: string; name?: unknown[]; lexpr?: unknown; rexpr?: unknown } | undefined;
  if (
    operator?.kind === 'AEXPR_OP' &&
    (operator.name?.[0] as { String?: { sval?: string } })?.String?.sval === '||'
  ) {
    const left = render(operator.lexpr);
    const right = render(operator.rexpr);
    if (left === undefined && right === undefined) return undefined;
    return `${left ?? ' x '}${right ?? ' x '}`;
  }
  return undefined;
}

function stringConstant(node: Record<string, Record<string, unknown>>): string | undefined {
  const sval = node['A_Const']?.['sval'] as { sval?: string } | undefined;
  return sval ? (sval.sval ?? '') : undefined;
}

/** `format()`'s placeholders: %I an identifier, %L a literal, %s any text; %% a percent sign. */
function fillFormat(template: string): string {
  return template.replace(/%(?:\d+\$)?-?(?:\d+|\*(?:\d+\$)?)?([sIL%])/g, (_, type: string) => {
    if (type === '%') return '%';
    return type === 'L' ? `'x'` : ' x ';
  });
}

/** UPDATE and DELETE statements anywhere in a parse tree (CTEs included) that have no WHERE. */
function writesWithoutWhere(tree: unknown): ('UPDATE' | 'DELETE')[] {
  const found: ('UPDATE' | 'DELETE')[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if ((key === 'UpdateStmt' || key === 'DeleteStmt') && !(value as { whereClause?: unknown }).whereClause)
        found.push(key === 'UpdateStmt' ? 'UPDATE' : 'DELETE');
      visit(value);
    }
  };
  visit(tree);
  return found;
}
