/*
 * Records valid by construction. `createOrder` and `restoreOrder` validate what they return, and `dispatch` on
 * such a record, running only the library's own actions, returns another valid one: `serializeOrder` need not
 * check it again (that check was a fifth of a backend's restore -> dispatch -> serialize cycle). A record made
 * or copied by hand, or built by a definition's own action, is not among them and is always checked in full.
 *
 * Records are immutable (every field is `readonly`): one edited in place after the library returned it is the
 * caller's breach of that contract, and is not looked for.
 *
 * The last records built are kept in a small ring rather than a WeakSet: adding to a WeakSet cost 200 ns, a
 * ring slot nothing, and a backend serializes the record it just dispatched. The ring holds its records alive
 * until overwritten (64 records, a few hundred KB at most); one that has left it is only checked again.
 */
const SIZE = 64;
const records: unknown[] = new Array<unknown>(SIZE).fill(undefined);
const lifecycles: unknown[] = new Array<unknown>(SIZE).fill(undefined);
let newest = 0;

/** Remembers a record the library has just built and validated, for the lifecycle (compiled) it belongs to. */
export function rememberValid<R extends object>(record: R, lifecycle: object): R {
  newest = (newest + 1) % SIZE;
  records[newest] = record;
  lifecycles[newest] = lifecycle;
  return record;
}

/** Whether `record` is one the library built and validated for `lifecycle` lately (the newest is looked at first). */
export function isKnownValid(record: unknown, lifecycle: object): boolean {
  for (let i = 0, slot = newest; i < SIZE; i++, slot = slot === 0 ? SIZE - 1 : slot - 1) {
    if (records[slot] === record) return lifecycles[slot] === lifecycle;
  }
  return false;
}
