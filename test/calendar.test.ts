import { describe, expect, it } from 'vitest';
import { createMaintenanceCalendar, isOrderMachineError } from 'order-status-machine';

const lengow = { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow' };

describe('createMaintenanceCalendar', () => {
  it('reads local wall-clock times in the window time zone', () => {
    const calendar = createMaintenanceCalendar([lengow]);
    expect(calendar.windows).toEqual([{ start: '2024-02-21T19:00:00.000Z', end: '2024-02-21T22:00:00.000Z', label: 'Lengow', scope: null }]);
  });

  it('reads instants with an offset as they are, and Dates', () => {
    const calendar = createMaintenanceCalendar([{ start: '2024-07-28T01:00:00-03:00', end: new Date('2024-07-28T08:00:00Z') }]);
    expect(calendar.windows[0]).toMatchObject({ start: '2024-07-28T04:00:00.000Z', end: '2024-07-28T08:00:00.000Z' });
  });

  it('follows DST: a window over the autumn change lasts one hour more in UTC', () => {
    // Paris leaves summer time at 03:00 on 27 Oct 2024: 01:00 CEST to 04:00 CET is four real hours.
    const calendar = createMaintenanceCalendar([{ start: '2024-10-27T01:00', end: '2024-10-27T04:00', timeZone: 'Europe/Paris' }]);
    expect(calendar.windows[0]).toMatchObject({ start: '2024-10-26T23:00:00.000Z', end: '2024-10-27T03:00:00.000Z' });
  });

  it('treats start as inclusive and end as exclusive', () => {
    const calendar = createMaintenanceCalendar([lengow]);
    expect(calendar.activeAt('2024-02-21T19:00:00Z')).toBeDefined();
    expect(calendar.activeAt('2024-02-21T21:59:59.999Z')).toBeDefined();
    expect(calendar.activeAt('2024-02-21T22:00:00Z')).toBeUndefined();
    expect(calendar.activeAt('2024-02-21T18:59:59.999Z')).toBeUndefined();
  });

  it('reopens at the end of the whole span when windows touch or overlap', () => {
    const calendar = createMaintenanceCalendar([
      { start: '2024-05-01T10:00:00Z', end: '2024-05-01T11:00:00Z', label: 'first' },
      { start: '2024-05-01T11:00:00Z', end: '2024-05-01T12:00:00Z', label: 'touching' },
      { start: '2024-05-01T11:30:00Z', end: '2024-05-01T13:00:00Z', label: 'overlapping' },
      { start: '2024-05-01T14:00:00Z', end: '2024-05-01T15:00:00Z', label: 'later' },
    ]);
    expect(calendar.activeAt('2024-05-01T10:15:00Z')).toMatchObject({ window: { label: 'first' }, reopensAt: '2024-05-01T13:00:00.000Z' });
    expect(calendar.nextOpening('2024-05-01T10:15:00Z')).toBe('2024-05-01T13:00:00.000Z');
    expect(calendar.nextOpening('2024-05-01T13:30:00Z')).toBe('2024-05-01T13:30:00.000Z');
  });

  it('applies a scoped window only to the channels and marketplaces it names', () => {
    const calendar = createMaintenanceCalendar([{ ...lengow, scope: ['Lengow'] }]);
    const at = '2024-02-21T19:30:00Z';
    expect(calendar.activeAt(at, { scope: ['cdiscount', 'lengow'] })).toBeDefined();
    expect(calendar.activeAt(at, { scope: ['cdiscount', 'anymarket'] })).toBeUndefined();
    expect(calendar.activeAt(at, { scope: ['cdiscount', null] })).toBeUndefined();
    expect(calendar.activeAt(at)).toBeDefined();
  });

  it('lists the windows starting within a horizon, to warn merchants ahead', () => {
    const calendar = createMaintenanceCalendar([
      lengow,
      { start: '2024-07-28T01:00', end: '2024-07-28T05:00', timeZone: 'America/Sao_Paulo', label: 'ANYMARKET' },
    ]);
    expect(calendar.startingWithin('2024-02-20T00:00:00Z', { days: 2 }).map((w) => w.label)).toEqual(['Lengow']);
    expect(calendar.startingWithin('2024-02-22T00:00:00Z', { days: 2 })).toEqual([]);
    expect(calendar.startingWithin('2024-02-01T00:00:00Z', { months: 6 }).map((w) => w.label)).toEqual(['Lengow', 'ANYMARKET']);
  });

  it.each([
    ['an end before the start', { start: '2024-01-01T10:00:00Z', end: '2024-01-01T09:00:00Z' }, '[0].end'],
    ['an empty window', { start: '2024-01-01T10:00:00Z', end: '2024-01-01T10:00:00Z' }, '[0].end'],
    ['an unknown time zone', { start: '2024-01-01T10:00', end: '2024-01-01T11:00', timeZone: 'Mars/Olympus' }, '[0].timeZone'],
    ['an unparsable time', { start: 'next tuesday', end: '2024-01-01T11:00:00Z' }, '[0].start'],
    ['a local time without a zone', { start: '2024-01-01T10:00', end: '2024-01-01T11:00:00Z' }, '[0].start'],
  ])('refuses %s with INVALID_CALENDAR naming the field', (_name, window, field) => {
    try {
      createMaintenanceCalendar([window]);
      expect.unreachable();
    } catch (error) {
      expect(isOrderMachineError(error) && error.code).toBe('INVALID_CALENDAR');
      expect((error as Error).message).toContain(field);
    }
  });
});
