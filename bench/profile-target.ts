/**
 * What `bench/profile.ts` profiles: the benchmark's workload through `dispatch` (target `dispatch`) or the
 * backend cycle restore -> dispatch -> serialize (target `cycle`), for a few seconds.
 */
import { dispatch, restoreOrder, serializeOrder, type OrderRecord } from '../src/index.js';
import { buildWorkload, eventCount, workloadCalendar } from './workload.js';

const target = process.argv[2] ?? 'dispatch';
const options = { calendar: workloadCalendar() };
const scripts = buildWorkload(20_000);

const start = process.hrtime.bigint();
let steps = 0;
if (target === 'dispatch') {
  for (let round = 0; round < 10; round++) {
    steps += eventCount(scripts);
    for (const script of scripts) {
      let order: OrderRecord = script.order;
      for (const event of script.events) order = dispatch(order, event, options).order;
    }
  }
} else {
  const stored = scripts.map((script) => {
    let order = script.order;
    const k = script.events.length >> 1;
    for (const event of script.events.slice(0, k)) order = dispatch(order, event, options).order;
    return { text: serializeOrder(order), event: script.events[k]! };
  });
  for (let round = 0; round < 10; round++) {
    steps += stored.length;
    for (const s of stored) serializeOrder(dispatch(restoreOrder(s.text), s.event, options).order);
  }
}
console.log(
  `${target}: ${(Number(process.hrtime.bigint() - start) / steps).toFixed(0)} ns per ${target === 'dispatch' ? 'event' : 'cycle'} (setup included for the cycle)`,
);
