import { rulesFor } from '../../../../src/core/entity-rules.ts';
import type { ConflictRecord } from '../../../../src/core/merge/conflict-record.ts';
import type { SupersededValue } from '../../../../src/core/merge/superseded-values.ts';
import { applyConflictDecision } from '../../../../src/core/outbox/apply-conflict-decision.ts';
import { applyPushResult, type RowSettlement } from '../../../../src/core/outbox/apply-push-result.ts';
import { chooseNextBatch } from '../../../../src/core/outbox/next-batch.ts';
import {
  rowKey,
  toMutation,
  type NewOutboxEntry,
  type OutboxEntry,
} from '../../../../src/core/outbox/outbox-entry.ts';
import { planEnqueue } from '../../../../src/core/outbox/plan-enqueue.ts';
import { markSending, markSendFailed } from '../../../../src/core/outbox/send-attempts.ts';
import type { LocalEdit } from '../../../../src/core/outbox/validate-edit.ts';
import type { RowValues, SyncedRow } from '../../../../src/core/protocol/synced-row.ts';
import { rebaseRow } from '../../../../src/core/rebase.ts';
import type { SyncedTableName } from '../../../../src/core/synced-tables.ts';
import type { ModelServer } from './model-server.ts';

/**
 * A client built only from the core's pure functions, the way the engine composes them: a server
 * copy per row, an outbox, views by rebase. Every step is synchronous and deterministic.
 */
export class ModelClient {
  private readonly shadow = new Map<string, SyncedRow>();
  private entries: OutboxEntry[] = [];
  private readonly conflicts = new Map<string, ConflictRecord>();
  /** Every typed value a settlement replaced (the device's audit log and the rows' history). */
  readonly history: SupersededValue[] = [];
  private cursor = 0;
  private seq = 0;
  private mids = 0;

  constructor(
    readonly name: string,
    private readonly now: () => number,
  ) {}

  view(table: SyncedTableName, id: string): RowValues | undefined {
    const key = `${table}/${id}`;
    const open = this.entries
      .filter((e) => rowKey(e) === key && e.state !== 'done')
      .sort((a, b) => a.seq - b.seq);
    return rebaseRow(this.shadow.get(key), open, rulesFor(table));
  }

  edit(table: SyncedTableName, edit: LocalEdit): string {
    const rowEntries = this.entries.filter((e) => e.table === table && e.rowId === edit.rowId);
    const plan = planEnqueue({
      table,
      edit,
      view: this.view(table, edit.rowId),
      rowEntries,
      rules: rulesFor(table),
      mid: this.newMid(),
      now: this.now(),
    });
    if (plan.kind === 'append') this.append(plan.entry);
    if (plan.kind === 'replace') this.replace([plan.entry]);
    if (plan.kind === 'cancel') this.entries = this.entries.filter((e) => e.seq !== plan.seq);
    return plan.kind;
  }

  /**
   * One push round trip. `lose`: the server commits, the answer never arrives (the entries go
   * back to pending with the same mids). `duplicate`: every answer is delivered twice.
   */
  push(server: ModelServer, delivery: 'normal' | 'lose' | 'duplicate' = 'normal'): number {
    const batch = chooseNextBatch(this.entries, { now: Number.POSITIVE_INFINITY, maxMutations: 50 });
    if (batch.length === 0) return 0;
    const sending = markSending(batch);
    this.replace(sending);
    const results = server.push(sending.map(toMutation));
    if (delivery === 'lose') {
      this.replace(
        markSendFailed(sending, { code: 'network', message: 'lost' }, { now: 0, random: () => 0 }),
      );
      return batch.length;
    }
    for (const result of results) {
      const entry = this.entries.find((e) => e.mid === result.mid);
      if (entry === undefined) continue;
      const rowEntries = this.entries.filter((e) => rowKey(e) === rowKey(entry));
      this.settle(applyPushResult(rowEntries, result, this.context()));
      if (delivery === 'duplicate') {
        const again = applyPushResult(
          this.entries.filter((e) => rowKey(e) === rowKey(entry)),
          result,
          this.context(),
        );
        if (again.outcome !== 'stale')
          throw new Error(`re-delivered result changed the outbox: ${again.outcome}`);
      }
    }
    return batch.length;
  }

  /** A person accepts every recommendation on the conflict screen. */
  resolveAll(
    choose: (conflict: ConflictRecord) => 'mine' | 'theirs' | 'recommended' = () => 'recommended',
  ): void {
    for (const entry of this.entries.filter((e) => e.state === 'conflict')) {
      const conflict = this.conflicts.get(entry.mid);
      if (conflict === undefined) throw new Error(`no conflict record for ${entry.mid}`);
      this.conflicts.delete(entry.mid);
      const rowEntries = this.entries.filter((e) => rowKey(e) === rowKey(entry));
      this.settle(applyConflictDecision(rowEntries, entry, conflict, choose(conflict), this.context()));
    }
  }

  /** Pulls from the cursor, or from 0 to re-deliver everything (`again`). */
  pull(server: ModelServer, again = false): void {
    for (const change of server.pull(again ? 0 : this.cursor)) {
      this.store(`${change.table}/${change.row.id}`, change.row);
      this.cursor = Math.max(this.cursor, change.row.rev);
    }
  }

  /** A pull answered `reset`: drop the synced copy, keep the outbox, pull from 0. */
  resetCopy(server: ModelServer): void {
    this.shadow.clear();
    this.cursor = 0;
    this.pull(server);
  }

  openEntries(): OutboxEntry[] {
    return this.entries.filter((e) => e.state !== 'done');
  }

  failedEntries(): OutboxEntry[] {
    return this.entries.filter((e) => e.state === 'failed');
  }

  /** Gives up failed entries, as a person would after reading them. */
  discardFailed(): void {
    this.replace(this.failedEntries().map((e) => ({ ...e, state: 'done' as const })));
  }

  private settle(settlement: RowSettlement): void {
    this.history.push(...settlement.superseded);
    this.replace(settlement.updates);
    for (const entry of settlement.appended) this.append(entry);
    if (settlement.serverRow !== null) {
      const first = settlement.updates[0];
      if (first !== undefined) this.store(rowKey(first), settlement.serverRow);
    }
    if (settlement.conflict !== null) {
      const inConflict = settlement.updates.find((e) => e.state === 'conflict');
      if (inConflict !== undefined) this.conflicts.set(inConflict.mid, settlement.conflict);
    }
  }

  private store(key: string, row: SyncedRow): void {
    const stored = this.shadow.get(key);
    if (stored === undefined || row.rev > stored.rev) this.shadow.set(key, row);
  }

  private append(entry: NewOutboxEntry): void {
    this.seq += 1;
    this.entries.push({ ...entry, seq: this.seq });
  }

  private replace(updates: readonly OutboxEntry[]): void {
    const bySeq = new Map(updates.map((e) => [e.seq, e]));
    this.entries = this.entries.map((e) => bySeq.get(e.seq) ?? e);
  }

  private context() {
    return { newMid: () => this.newMid(), now: this.now(), clockOffsetMs: 0 };
  }

  private newMid(): string {
    this.mids += 1;
    const client = [...this.name].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 0xffff;
    return `${client.toString(16).padStart(8, '0')}-0000-4000-8000-${this.mids.toString(16).padStart(12, '0')}`;
  }
}
