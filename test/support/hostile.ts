/**
 * Hostile values for the hostile-input and fuzz tests: values of every kind (prototype-pollution keys,
 * invalid dates, NaN, BigInt, boxed values, sparse arrays...), and well-formed values mangled anywhere.
 */
import fc from 'fast-check';

export const POLLUTING_JSON = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"type":"ACCEPT","at":"2024-03-01T10:00:00Z","__proto__":{"polluted":"yes","type":"REFUND"}}',
  '{"orderId":"X","marketplace":"m","createdAt":"2024-03-01T10:00:00Z","__proto__":{"polluted":"yes","status":"Shipped"}}',
  '[{"start":"2024-03-01T10:00:00Z","end":"2024-03-01T11:00:00Z","__proto__":{"polluted":"yes"}}]',
];
export const pollutingKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty');

/** Random values of every kind, with prototype-pollution keys, invalid dates, NaN, negative numbers. */
export const hostileValue = fc.oneof(
  fc.anything({
    key: fc.oneof(fc.string(), pollutingKey),
    maxDepth: 4,
    withBigInt: true,
    withDate: true,
    withNullPrototype: true,
    withObjectString: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
  fc.constantFrom(...POLLUTING_JSON).map((text) => JSON.parse(text) as unknown),
  fc.constantFrom(new Date(Number.NaN), Number.NaN, -1, -0, Number.NEGATIVE_INFINITY, '', ' ', '\u0000', 'null'),
);

/** A well-formed value with one field replaced by something hostile. */
export const corrupt = <T extends Record<string, unknown>>(base: T, keys: readonly string[]) =>
  fc
    .tuple(fc.constantFrom(...keys, '__proto__', 'constructor'), hostileValue)
    .map(([key, value]) => (key === '__proto__' ? JSON.parse(`{"__proto__":${safeJson(value)}}`) : { ...base, [key]: value }) as unknown);

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return 'null';
  }
}

/** Every path to a leaf or node of a JSON value, to mangle records and payloads anywhere. */
export function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}
export function setAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  Object.defineProperty(node, path.at(-1)!, { value: replacement, enumerable: true, writable: true, configurable: true });
  return copy;
}
export const mangled = (base: unknown) => {
  const paths = pathsOf(base);
  return fc.tuple(fc.nat({ max: paths.length - 1 }), hostileValue).map(([i, v]) => setAt(base, paths[i]!, v));
};
