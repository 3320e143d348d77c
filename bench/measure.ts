/**
 * Timing helpers: process.hrtime.bigint, warm-up, several rounds with subjects interleaved (the order
 * rotates every round so no subject always runs first on a warm or cold machine), medians.
 */

/** Nanoseconds taken by `run`. */
export function timeNs(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start);
}

export const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A subject of a comparison: a name and one full pass over its workload. */
export interface Subject {
  readonly name: string;
  readonly run: () => void;
}

/**
 * Runs every subject once to warm up, then `rounds` rounds in rotating order; returns the median
 * nanoseconds per pass of each subject, and every sample.
 */
export function compare(subjects: readonly Subject[], rounds: number): Map<string, { median: number; samples: number[] }> {
  for (const s of subjects) s.run();
  const samples = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < subjects.length; i++) {
      const s = subjects[(i + r) % subjects.length]!;
      samples.get(s.name)!.push(timeNs(s.run));
    }
  }
  return new Map([...samples].map(([name, xs]) => [name, { median: median(xs), samples: xs }]));
}

/** {@link compare}'s medians, in the order of `subjects`. */
export const medians = (subjects: readonly Subject[], rounds: number): number[] => {
  const results = compare(subjects, rounds);
  return subjects.map((subject) => results.get(subject.name)!.median);
};

/** `1.23 M/s`, `456 k/s`, `789 /s`. */
export function perSecond(count: number, ns: number): string {
  const rate = (count / ns) * 1e9;
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(2)} M/s`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)} k/s`;
  return `${rate.toFixed(0)} /s`;
}

/** Nanoseconds per item as `123 ns`, `4.56 µs`, `7.8 ms`. */
export function perItem(count: number, ns: number): string {
  const each = ns / count;
  if (each >= 1e6) return `${(each / 1e6).toFixed(1)} ms`;
  if (each >= 1e3) return `${(each / 1e3).toFixed(2)} µs`;
  return `${each.toFixed(0)} ns`;
}

export function bytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(2)} KB`;
  return `${Math.round(n)} B`;
}
