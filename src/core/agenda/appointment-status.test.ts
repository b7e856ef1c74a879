import { describe, expect, it } from 'vitest';
import {
  appointmentStatuses,
  canMoveStatus,
  canReachStatus,
  isReschedulable,
  nextStatuses,
  statusChange,
  statusMoves,
} from './appointment-status.ts';

const now = new Date('2026-12-08T12:30:00Z');

describe('appointment status moves', () => {
  it('never lets a completed appointment be cancelled, reopened or missed', () => {
    expect(nextStatuses('completed')).toEqual([]);
    for (const to of appointmentStatuses.filter((s) => s !== 'completed'))
      expect(canMoveStatus('completed', to)).toBe(false);
  });

  it('follows the front desk: booked, confirmed, arrived, seen, done', () => {
    expect(canMoveStatus('scheduled', 'confirmed')).toBe(true);
    expect(canMoveStatus('confirmed', 'checked_in')).toBe(true);
    expect(canMoveStatus('checked_in', 'in_progress')).toBe(true);
    expect(canMoveStatus('in_progress', 'completed')).toBe(true);
  });

  it('refuses skipping straight to done or seeing someone who did not arrive', () => {
    expect(canMoveStatus('scheduled', 'completed')).toBe(false);
    expect(canMoveStatus('cancelled', 'checked_in')).toBe(false);
    expect(canMoveStatus('in_progress', 'cancelled')).toBe(false);
  });

  it('lets a patient be seen without passing the front desk', () => {
    expect(canMoveStatus('scheduled', 'in_progress')).toBe(true);
    expect(canMoveStatus('confirmed', 'in_progress')).toBe(true);
  });

  it('reaches through chains (edits folded offline) but never out of completed', () => {
    expect(canReachStatus('scheduled', 'completed')).toBe(true);
    expect(canReachStatus('cancelled', 'checked_in')).toBe(true);
    expect(canReachStatus('no_show', 'completed')).toBe(true);
    for (const to of appointmentStatuses.filter((s) => s !== 'completed'))
      expect(canReachStatus('completed', to)).toBe(false);
    expect(canReachStatus('archived', 'scheduled')).toBe(false);
  });

  it('lets a cancellation or a missed appointment be booked again', () => {
    expect(nextStatuses('cancelled')).toEqual(['scheduled']);
    expect(nextStatuses('no_show')).toEqual(['scheduled']);
  });

  it('treats staying put as allowed and unknown statuses as offering nothing', () => {
    for (const status of appointmentStatuses) expect(canMoveStatus(status, status)).toBe(true);
    expect(nextStatuses('archived')).toEqual([]);
    expect(canMoveStatus('archived', 'scheduled')).toBe(false);
    expect(canMoveStatus(undefined, 'scheduled')).toBe(false);
  });

  it('names only known statuses and never offers a status to itself', () => {
    for (const [from, moves] of Object.entries(statusMoves)) {
      expect(moves).not.toContain(from);
      for (const to of moves) expect(appointmentStatuses).toContain(to);
    }
  });

  it('stamps the arrival when the patient arrives and clears it when the arrival is undone', () => {
    expect(statusChange('confirmed', 'checked_in', now)).toEqual({
      status: 'checked_in',
      checked_in_at: '2026-12-08T12:30:00.000Z',
    });
    expect(statusChange('checked_in', 'confirmed', now)).toEqual({
      status: 'confirmed',
      checked_in_at: null,
    });
    // Back from "in progress" keeps the original arrival time (the waiting order stays fair).
    expect(statusChange('in_progress', 'checked_in', now)).toEqual({ status: 'checked_in' });
    expect(statusChange('completed', 'cancelled', now)).toBeNull();
    expect(statusChange('scheduled', 'scheduled', now)).toBeNull();
  });

  it('lets only appointments still to happen be dragged to another time', () => {
    expect(isReschedulable('scheduled')).toBe(true);
    expect(isReschedulable('confirmed')).toBe(true);
    for (const status of ['checked_in', 'in_progress', 'completed', 'cancelled', 'no_show'])
      expect(isReschedulable(status)).toBe(false);
  });
});
