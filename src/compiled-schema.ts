import type { z } from 'zod';

/**
 * A fast accept-only parser compiled from a zod schema: it returns the parsed value when the input is
 * plainly valid, or `undefined` when zod must decide (and explain). It never rejects on its own, so zod
 * stays the single source of truth; property tests prove both agree on everything it accepts.
 */
export type FastParser<T> = (input: unknown) => T | undefined;

/** A field reader: the output value, or `HAND_OVER` to let zod decide; `OMIT` leaves the key out. */
export type Field = (value: unknown) => unknown;

const INVALID = Symbol('invalid');
/** A reader's output meaning: leave this key out of the object. */
export const OMIT = Symbol('omit');

/** The parts of a zod definition the compilers read. */
export interface ZodDef {
  readonly type: string;
  readonly innerType?: unknown;
  readonly element?: unknown;
  readonly shape?: Readonly<Record<string, unknown>>;
  readonly catchall?: unknown;
  readonly checks?: readonly { readonly _zod: { readonly def: Record<string, unknown> } }[];
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly format?: string;
  readonly defaultValue?: unknown;
}

const defOf = (schema: unknown): ZodDef => (schema as { _zod: { def: ZodDef } })._zod.def;

/** Bounds from string-length, array-length and number checks (the only checks read here), as a test. */
export function boundsOf(def: ZodDef): ((n: number) => boolean) | undefined {
  let min = -Infinity;
  let max = Infinity;
  let above = false; // a strict lower bound (`positive()`)
  let below = false;
  let integer = false;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    // zod gives length checks a default `when` (the value has a length): always true for strings and arrays.
    if (c.check === 'min_length') min = c.minimum as number;
    else if (c.check === 'max_length') max = c.maximum as number;
    else if (c.when !== undefined) return undefined;
    else if (c.check === 'greater_than') [min, above] = [c.value as number, c.inclusive !== true];
    else if (c.check === 'less_than') [max, below] = [c.value as number, c.inclusive !== true];
    else if (c.check === 'number_format' && c.format === 'safeint') integer = true;
    else return undefined;
  }
  return (n) => (above ? n > min : n >= min) && (below ? n < max : n <= max) && (!integer || Number.isSafeInteger(n));
}

/** An object literal or `JSON.parse` output: what the compiled readers accept as an object. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * Compiles schemas of one zod type, given the compiler of their parts. The core compiles what events use;
 * other schemas bring the compilers they need (records: arrays, booleans, defaults), so a plugin's bundle
 * carries only the first.
 */
export type TypeCompiler = (def: ZodDef, part: (schema: unknown) => Field | undefined) => Field | undefined;

/** What a compilation may use beyond the core: readers for given schemas, compilers for more zod types. */
export interface CompileOptions {
  readonly special?: ReadonlyMap<unknown, Field>;
  readonly types?: Readonly<Record<string, TypeCompiler>>;
}

/** Compiles one schema, or returns `undefined` when it uses anything not understood here. */
function compile(schema: unknown, options: CompileOptions): Field | undefined {
  const known = options.special?.get(schema);
  if (known) return known;
  const def = defOf(schema);
  const extra = options.types?.[def.type];
  if (extra) return extra(def, (part) => compile(part, options));
  switch (def.type) {
    case 'optional':
    case 'nullable': {
      const inner = compile(def.innerType, options);
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
      return bounds && ((v) => (typeof v === 'string' && bounds(v.length) ? v : INVALID));
    }
    case 'number': {
      const bounds = boundsOf(def);
      return bounds && ((v) => (typeof v === 'number' && Number.isFinite(v) && bounds(v) ? v : INVALID));
    }
    case 'object':
      return def.catchall === undefined ? compileObject(def, (part) => compile(part, options)) : undefined;
    default:
      return undefined;
  }
}

/**
 * Compiles an object schema that strips unknown keys (`z.object`): the reader of a plain object, reading
 * each known field. Objects that refuse or keep unknown keys bring their own compiler (see `types`).
 */
export function compileObject(def: ZodDef, part: (schema: unknown) => Field | undefined): Field | undefined {
  if ((def.checks?.length ?? 0) > 0) return undefined;
  const fields: [string, Field][] = [];
  for (const [key, fieldSchema] of Object.entries(def.shape ?? {})) {
    const field = part(fieldSchema);
    if (!field) return undefined;
    fields.push([key, field]);
  }
  return (input) => {
    if (!isPlainObject(input)) return INVALID;
    const out: Record<string, unknown> = {};
    for (const [key, field] of fields) {
      const value = field(input[key]);
      if (value === INVALID) return INVALID;
      if (value !== OMIT) out[key] = value;
    }
    return out;
  };
}

/**
 * Compiles a zod schema into a {@link FastParser}. `options.special` maps schemas this compiler cannot read
 * (a transform, say) to hand-written readers, which must accept a subset of what zod accepts and return
 * zod's output; `options.types` adds compilers for more zod types. Returns `undefined` when anything in
 * the schema cannot be compiled.
 */
export function compileParser<S extends z.ZodType>(schema: S, options: CompileOptions = {}): FastParser<z.output<S>> | undefined {
  const field = compile(schema, options);
  if (!field) return undefined;
  return (input) => {
    const value = field(input);
    return value === INVALID || value === OMIT ? undefined : (value as z.output<S>);
  };
}

/** Marks a reader's verdict: hand the input over to zod. */
export const HAND_OVER = INVALID;
