/*
 * The `order-status-machine/diagram` entry: a lifecycle's Mermaid diagram drawn from its chart, and the charts
 * of the built-in lifecycles. It imports neither zod nor xstate, so a browser bundle that only draws carries
 * neither (checked by `npm run size`).
 */
import { OrderMachineError, describeIssues, type ValidationIssue } from '../lifecycle/errors.js';
import { cdiscountChart } from '../lifecycles/cdiscount-chart.js';
import { mermaidOf, mermaidOptionIssues, type Chart, type ToMermaidOptions } from './mermaid.js';

export { cdiscountChart } from '../lifecycles/cdiscount-chart.js';
export { octopiaChart } from '../lifecycles/octopia-chart.js';
export type { Chart, ToMermaidOptions } from './mermaid.js';

/**
 * Draws a lifecycle as a Mermaid `stateDiagram-v2` from its chart (its statuses and transitions in XState's
 * config shape: {@link cdiscountChart}, {@link octopiaChart}, or a lifecycle's definition). The same text as the
 * root entry's `toMermaid` for the same lifecycle and options, without zod or xstate: the marketplace's reports
 * the library adds to every lifecycle are read from the chart's transitions. Throws `OrderMachineError`
 * `INVALID_INPUT` naming the argument or option at fault.
 *
 * @example
 * toMermaid(); // the Cdiscount lifecycle, without the marketplace-report edges
 * toMermaid(octopiaChart, { highlight: order, labels: true }); // Octopia, the order's status highlighted
 */
export function toMermaid(chart: Chart = cdiscountChart, options: ToMermaidOptions = {}): string {
  const issues: ValidationIssue[] = [];
  const states = typeof chart === 'object' && chart !== null ? chart.states : undefined;
  if (typeof states !== 'object' || states === null || Array.isArray(states))
    issues.push({ path: ['chart'], message: 'must be a lifecycle chart (an object with `states`)' });
  issues.push(...mermaidOptionIssues(options));
  if (issues.length > 0) throw new OrderMachineError('INVALID_INPUT', `toMermaid: ${describeIssues(issues)}`, issues);
  return mermaidOf(chart, options, true);
}
