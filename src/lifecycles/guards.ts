import { cdiscountDefinition } from './cdiscount.js';

/** Name of a guard of the Cdiscount lifecycle. */
export type GuardName = keyof (typeof cdiscountDefinition)['guards'];

/**
 * @deprecated The Cdiscount lifecycle's guards and the rules each checks: read them from
 * `cdiscountDefinition.guards`, where the lifecycle is defined.
 */
export const GUARD_RULES: (typeof cdiscountDefinition)['guards'] = cdiscountDefinition.guards;
