import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMaintenanceCalendar } from 'order-status-machine';
import { canonicalEpochMs } from '../src/lifecycle/instant.js';

// Every instant the library writes, years 0001 to 9999, milliseconds included.
const MIN_MS = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');
const canonicalArb = fc.integer({ min: MIN_MS, max: MAX_MS }).map((ms) => new Date(ms).toISOString());

// Texts one edit away from a canonical instant: a character replaced, dropped or added, a field out of range.
const CHARACTERS = ['0', '1', '2', '3', '9', '-', ':', '.', 'T', 'Z', 'z', ' ', '+', 'a', '/', '٣'];
const nearCanonicalArb = fc.oneof(
  fc.tuple(canonicalArb, fc.nat(23), fc.constantFrom(...CHARACTERS)).map(([text, at, c]) => text.slice(0, at) + c + text.slice(at + 1)),
  fc.tuple(canonicalArb, fc.nat(23)).map(([text, at]) => text.slice(0, at) + text.slice(at + 1)),
  fc.tuple(canonicalArb, fc.nat(24), fc.constantFrom(...CHARACTERS)).map(([text, at, c]) => text.slice(0, at) + c + text.slice(at)),
  fc
    .record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.oneof(fc.integer({ min: 0, max: 13 }), fc.constant(2)),
      day: fc.oneof(fc.integer({ min: 0, max: 32 }), fc.constantFrom(28, 29, 30, 31)),
      hours: fc.integer({ min: 0, max: 25 }),
      minutes: fc.integer({ min: 0, max: 61 }),
      seconds: fc.integer({ min: 0, max: 61 }),
      ms: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ year, month, day, hours, minutes, seconds, ms }) => {
      const two = (n: number) => String(n).padStart(2, '0');
      return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${String(ms).padStart(3, '0')}Z`;
    }),
);

describe('reading an instant as the library writes it', () => {
  it('gives what Date.parse gives for every canonical instant of years 0001 to 9999', () => {
    fc.assert(
      fc.property(canonicalArb, (text) => {
        expect(canonicalEpochMs(text)).toBe(Date.parse(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the edges: the first and last instants, leap days, the turn of centuries', () => {
    for (const text of [
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '2000-02-29T12:00:00.000Z',
      '2024-02-29T00:00:00.000Z',
      '1600-03-01T00:00:00.000Z',
      '2100-02-28T23:59:59.999Z',
    ]) {
      expect(canonicalEpochMs(text), text).toBe(Date.parse(text));
    }
  });

  it('refuses every other text, and never reads one differently from Date.parse', () => {
    fc.assert(
      fc.property(nearCanonicalArb, (text) => {
        const fast = canonicalEpochMs(text);
        const parsed = Date.parse(text);
        // The oracle: a text Date reads, in the form Date writes, back to itself (so a real day), of year 1 or later.
        const canonical = !Number.isNaN(parsed) && new Date(parsed).toISOString() === text && !text.startsWith('0000');
        if (canonical) expect(fast).toBe(parsed);
        else expect(fast).toBeNaN();
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses days that do not exist, which Date.parse would roll over or read anyway', () => {
    for (const text of [
      '2023-02-29T00:00:00.000Z',
      '2024-02-30T00:00:00.000Z',
      '2100-02-29T00:00:00.000Z',
      '2024-04-31T00:00:00.000Z',
      '0000-06-01T00:00:00.000Z',
    ]) {
      expect(canonicalEpochMs(text), text).toBeNaN();
    }
  });

  it('lets a calendar answer alike whichever way the same instant is written', () => {
    const calendar = createMaintenanceCalendar([{ start: '2024-03-01T10:00:00Z', end: '2024-03-01T12:00:00Z', label: 'upgrade' }]);
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2024-03-01T09:00:00Z'), max: Date.parse('2024-03-01T13:00:00Z') }), (ms) => {
        const canonical = new Date(ms).toISOString();
        const withOffset = new Date(ms + 3_600_000).toISOString().replace('Z', '+01:00');
        expect(calendar.activeAt(canonical)).toEqual(calendar.activeAt(withOffset));
        expect(calendar.activeAt(canonical)).toEqual(calendar.activeAt(new Date(ms)));
        // Without milliseconds, the form people write: Date.parse reads it, as before.
        const whole = new Date(ms - (ms % 1000));
        expect(calendar.activeAt(whole.toISOString().replace('.000Z', 'Z'))).toEqual(calendar.activeAt(whole));
      }),
      { numRuns: 500 },
    );
  });
});
