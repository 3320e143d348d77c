import { HAND_OVER, OMIT, boundsOf, compileObject, type Field, type TypeCompiler } from '../compiled-schema.js';

/** Strict objects (`never` catchall) refuse unknown keys; loose ones (`unknown`) keep them. */
const restModes: Readonly<Record<string, 'strict' | 'loose'>> = { never: 'strict', unknown: 'loose' };

/**
 * The zod types a stored record uses beyond those of events, for the compiled record check: strict and
 * loose objects, arrays, booleans, defaults and always-absent fields. Kept here so the lifecycle core does
 * not carry them.
 */
export const RECORD_TYPES: Readonly<Record<string, TypeCompiler>> = {
  object: (def, part) => {
    const rest = def.catchall === undefined ? 'strip' : restModes[(def.catchall as { _zod: { def: { type: string } } })._zod.def.type];
    const fields = rest && compileObject(def, part);
    if (!fields || rest === 'strip') return fields;
    const known = new Set(Object.keys(def.shape ?? {}));
    return (input) => {
      const out = fields(input);
      if (out === HAND_OVER) return out;
      for (const key of Object.keys(input as object)) {
        if (known.has(key)) continue;
        // An unknown key is for zod to refuse (strict), and `__proto__` for zod to handle safely.
        if (rest === 'strict' || key === '__proto__') return HAND_OVER;
        (out as Record<string, unknown>)[key] = (input as Record<string, unknown>)[key];
      }
      return out;
    };
  },
  boolean: () => (v) => (typeof v === 'boolean' ? v : HAND_OVER),
  undefined: () => (v) => (v === undefined ? OMIT : HAND_OVER),
  default: (def, part) => {
    const inner = part(def.innerType);
    const fallback = def.defaultValue;
    // Only plain values: an object default would have to be copied each time.
    if (!inner || (typeof fallback === 'object' && fallback !== null) || typeof fallback === 'function') return undefined;
    return (v) => (v === undefined ? fallback : inner(v));
  },
  array: (def, part) => {
    const element = part(def.element);
    const bounds = boundsOf(def);
    if (!element || !bounds) return undefined;
    return (v): unknown => {
      if (!Array.isArray(v) || !bounds(v.length)) return HAND_OVER;
      const out: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const item: unknown = (element as Field)(v[i]);
        if (item === HAND_OVER || item === OMIT) return HAND_OVER;
        out[i] = item;
      }
      return out;
    };
  },
};
