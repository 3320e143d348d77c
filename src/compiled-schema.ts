import type { z } from 'zod';

/**
 * A fast accept-only parser compiled from a zod object schema: it returns the parsed value when the input
 * is plainly valid, or `undefined` when zod must decide (and explain). It never rejects on its own, so
 * zod stays the single source of truth; a property test proves both agree on everything it accepts.
 */
export type FastParser<T> = (input: Record<string, unknown>) => T | undefined;

/** A field reader: the output value, or `INVALID` to hand over to zod; `OMIT` leaves the key out. */
type Field = (value: unknown) => unknown;

const INVALID = Symbol('invalid');
const OMIT = Symbol('omit');

interface ZodDef {
  readonly type: string;
  readonly innerType?: { readonly _zod: { readonly def: ZodDef } };
  readonly checks?: readonly { readonly _zod: { readonly def: Record<string, unknown> } }[];
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly format?: string;
}

const defOf = (schema: unknown): ZodDef => (schema as { _zod: { def: ZodDef } })._zod.def;

/** Lower and upper bounds from string-length or number checks, the only checks this compiler reads. */
interface Bounds {
  readonly min: number;
  readonly minInclusive: boolean;
  readonly max: number;
  readonly maxInclusive: boolean;
}

function boundsOf(def: ZodDef): Bounds | undefined {
  let bounds: Bounds = { min: -Infinity, minInclusive: true, max: Infinity, maxInclusive: true };
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    // zod gives length checks a default `when` (the value has a length): always true for a string.
    const lengthCheck = c.check === 'min_length' || c.check === 'max_length';
    if (c.when !== undefined && !lengthCheck) return undefined;
    if (c.check === 'min_length') bounds = { ...bounds, min: c.minimum as number };
    else if (c.check === 'max_length') bounds = { ...bounds, max: c.maximum as number };
    else if (c.check === 'greater_than') bounds = { ...bounds, min: c.value as number, minInclusive: c.inclusive === true };
    else if (c.check === 'less_than') bounds = { ...bounds, max: c.value as number, maxInclusive: c.inclusive === true };
    else return undefined;
  }
  return bounds;
}

const within = (n: number, b: Bounds) =>
  (b.minInclusive ? n >= b.min : n > b.min) && (b.maxInclusive ? n <= b.max : n < b.max);

/** Compiles one field schema, or returns `undefined` when it uses anything not understood here. */
function compileField(schema: unknown, special: ReadonlyMap<unknown, Field>): Field | undefined {
  const known = special.get(schema);
  if (known) return known;
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable': {
      const inner = def.innerType && compileField(def.innerType, special);
      if (!inner) return undefined;
      const empty = def.type === 'optional' ? undefined : null;
      return (v) => (v === empty ? (empty === undefined ? OMIT : null) : inner(v));
    }
    case 'literal': {
      const values = def.values ?? [];
      return (v) => (values.includes(v) ? v : INVALID);
    }
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return (v) => (values.has(v) ? v : INVALID);
    }
    case 'string': {
      const bounds = def.format === undefined ? boundsOf(def) : undefined;
      return bounds && ((v) => (typeof v === 'string' && within(v.length, bounds) ? v : INVALID));
    }
    case 'number': {
      const bounds = boundsOf(def);
      return bounds && ((v) => (typeof v === 'number' && Number.isFinite(v) && within(v, bounds) ? v : INVALID));
    }
    default:
      return undefined;
  }
}

/**
 * Compiles a zod object schema (unknown keys stripped) into a {@link FastParser}. `special` maps field
 * schemas this compiler cannot read (a transform, say) to hand-written readers that must accept a subset
 * of what zod accepts and return zod's output. Returns `undefined` when any field cannot be compiled.
 */
export function compileObjectParser<S extends z.ZodObject>(
  schema: S,
  special: ReadonlyMap<unknown, Field> = new Map(),
): FastParser<z.output<S>> | undefined {
  const def = schema._zod.def as { catchall?: unknown; shape: Record<string, unknown> };
  if (def.catchall !== undefined) return undefined;
  const fields: [string, Field][] = [];
  for (const [key, fieldSchema] of Object.entries(def.shape)) {
    const field = compileField(fieldSchema, special);
    if (!field) return undefined;
    fields.push([key, field]);
  }
  return (input) => {
    const out: Record<string, unknown> = {};
    for (const [key, field] of fields) {
      const value = field(input[key]);
      if (value === INVALID) return undefined;
      if (value !== OMIT) out[key] = value;
    }
    return out as z.output<S>;
  };
}

/** Marks a reader's verdict: hand the input over to zod. */
export const HAND_OVER = INVALID;
