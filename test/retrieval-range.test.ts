import { describe, expect, it } from 'vitest';
import { createMaintenanceCalendar, isOrderMachineError, retrievalRange } from 'order-status-machine';

const calendar = createMaintenanceCalendar([
  { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow maintenance' },
]);

describe('retrievalRange', () => {
  // Issue 13, retrieval: Lengow's connectors reach back to the last import plus 2 hours; Cdiscount advised at
  // least 90 minutes. The default overlap was 15 minutes.
  it('reaches back 2 hours before the last retrieval by default, when no window was in force', () => {
    expect(retrievalRange({ lastRetrievedAt: '2024-02-21T10:00:00Z', now: '2024-02-21T10:15:00Z', calendar })).toEqual({
      from: '2024-02-21T08:00:00.000Z',
      to: '2024-02-21T10:15:00.000Z',
    });
  });

  it('reaches back over a window the last retrieval ran in', () => {
    // The retrieval at 20:45 Paris ran while the APIs were down: ask again from before 20:00 Paris.
    const range = retrievalRange({ lastRetrievedAt: '2024-02-21T19:45:00Z', now: '2024-02-21T22:15:00Z', calendar, overlap: { minutes: 5 } });
    expect(range).toEqual({ from: '2024-02-21T18:55:00.000Z', to: '2024-02-21T22:15:00.000Z' });
  });

  it('takes the overlap in milliseconds too', () => {
    const range = retrievalRange({ lastRetrievedAt: '2024-02-21T10:00:00Z', now: '2024-02-21T11:00:00Z', overlap: 60_000 });
    expect(range.from).toBe('2024-02-21T09:59:00.000Z');
  });

  it('refuses a last retrieval after now', () => {
    try {
      retrievalRange({ lastRetrievedAt: '2024-02-21T12:00:00Z', now: '2024-02-21T11:00:00Z' });
      expect.unreachable();
    } catch (error) {
      expect(isOrderMachineError(error) && error.code).toBe('INVALID_INPUT');
    }
  });
});

describe('retrievalRange edge cases', () => {
  it('stops at the start of the window in force when there is no overlap', () => {
    const range = retrievalRange({ lastRetrievedAt: '2024-02-21T19:30:00Z', now: '2024-02-21T22:30:00Z', calendar, overlap: 0 });
    expect(range.from).toBe('2024-02-21T19:00:00.000Z');
  });

  it('counts a one-day overlap as 24 hours, whatever the host time zone', () => {
    // 31 March 2024 is 23 hours long in Paris: a local-time day would reach back 23 hours there.
    const range = retrievalRange({ lastRetrievedAt: '2024-04-01T00:00:00Z', now: '2024-04-01T01:00:00Z', overlap: { days: 1 } });
    expect(range.from).toBe('2024-03-31T00:00:00.000Z');
  });
});
