/*
 * The `order-status-machine/diagram` entry (issue 10, item 6): the diagram drawn from a chart, without zod or
 * xstate, is the root entry's, for both built-in lifecycles and every option.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// The subpath side: nothing here may bring zod or xstate along.
import { cdiscountChart, octopiaChart, toMermaid as drawChart, type ToMermaidOptions } from 'order-status-machine/diagram';
import { chartGraph, reachesOf } from '../src/diagram/graph.js';
// The root side, to compare with.
import {
  cdiscountDefinition,
  cdiscountLifecycle,
  isOrderMachineError,
  octopiaDefinition,
  octopiaLifecycle,
  orderMachine,
  toMermaid,
  type Lifecycle,
} from 'order-status-machine';

const root = fileURLToPath(new URL('..', import.meta.url));

const lifecycles = [
  { name: 'cdiscount', chart: cdiscountChart, lifecycle: cdiscountLifecycle as unknown as Lifecycle, definition: cdiscountDefinition },
  { name: 'octopia', chart: octopiaChart, lifecycle: octopiaLifecycle as unknown as Lifecycle, definition: octopiaDefinition },
] as const;

/** Every combination of the options: no highlight, a status, an order (with and without a pending action), a status the lifecycle lacks. */
function optionCombinations(status: string, next: string): ToMermaidOptions[] {
  const highlights: ToMermaidOptions['highlight'][] = [
    undefined,
    status,
    { status },
    { status: next, context: { pendingAction: { type: 'ACCEPT', from: status } } },
    'NotAStatus',
  ];
  const flags = [undefined, false, true] as const;
  const all: ToMermaidOptions[] = [];
  for (const highlight of highlights)
    for (const labels of flags)
      for (const actions of flags)
        for (const marketplaceReports of flags) {
          const options: Record<string, unknown> = {};
          if (highlight !== undefined) options.highlight = highlight;
          if (labels !== undefined) options.labels = labels;
          if (actions !== undefined) options.actions = actions;
          if (marketplaceReports !== undefined) options.marketplaceReports = marketplaceReports;
          all.push(options as ToMermaidOptions);
        }
  return all;
}

describe('order-status-machine/diagram', () => {
  it('draws the Cdiscount lifecycle by default, as the root toMermaid does', () => {
    expect(drawChart()).toBe(toMermaid());
    expect(drawChart(cdiscountChart, {})).toBe(toMermaid(cdiscountLifecycle, {}));
  });

  describe.each(lifecycles)('$name: the same text as the root toMermaid', ({ chart, lifecycle, definition }) => {
    const [first, second] = lifecycle.statuses;
    const combinations = optionCombinations(first!, second!);

    it(`for each of the ${combinations.length} option combinations`, () => {
      expect(combinations.length).toBe(135);
      for (const options of combinations) {
        const expected = toMermaid(lifecycle, options);
        expect(drawChart(chart, options), JSON.stringify(options)).toBe(expected);
        // The definition is a chart too; the machine the library built draws the same.
        expect(drawChart(definition, options), JSON.stringify(options)).toBe(expected);
      }
    });

    it('from the machine, as the root draws it', () => {
      expect(drawChart(chart, { marketplaceReports: true, labels: true })).toBe(
        toMermaid(lifecycle.machine, { marketplaceReports: true, labels: true }),
      );
    });

    it("is the definition's chart: the same statuses and transitions, no event catalogue", () => {
      expect(definition.states).toBe(chart.states);
      expect([definition.id, definition.description, definition.initial]).toEqual([chart.id, chart.description, chart.initial]);
      expect(chart).not.toHaveProperty('events');
    });

    it("reads each status's reach from the chart as the compiled lifecycle does", () => {
      const reaches = reachesOf(chartGraph(chart));
      for (const status of lifecycle.statuses) expect(reaches.get(status), status).toEqual(lifecycle.reachableFrom(status));
    });
  });

  it('draws the default machine as the root does', () => {
    expect(drawChart(cdiscountChart, { actions: true })).toBe(toMermaid(orderMachine, { actions: true }));
  });

  it('refuses what it cannot draw, naming the argument or option at fault', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isOrderMachineError(error) ? { code: error.code, message: error.message } : error;
      }
      return undefined;
    };
    expect(refusal(() => drawChart('order' as never))).toEqual({
      code: 'INVALID_INPUT',
      message: 'toMermaid: chart: must be a lifecycle chart (an object with `states`)',
    });
    expect(refusal(() => drawChart(cdiscountChart, { labels: 'yes' as never, highlight: 3 as never }))).toEqual({
      code: 'INVALID_INPUT',
      message: 'toMermaid: options.labels: must be true or false; options.highlight: must be a status or an order',
    });
    // The root checks its options alike.
    expect(refusal(() => toMermaid(cdiscountLifecycle, { labels: 'yes' as never, highlight: 3 as never }))).toEqual(
      refusal(() => drawChart(cdiscountChart, { labels: 'yes' as never, highlight: 3 as never })),
    );
    expect(refusal(() => drawChart(cdiscountChart, null as never))).toEqual({
      code: 'INVALID_INPUT',
      message: 'toMermaid: options: must be an object',
    });
  });

  it('bundles without zod or xstate', async () => {
    const result = await build({
      entryPoints: ['src/diagram/index.ts'],
      absWorkingDir: root,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => file.includes('node_modules'))).toEqual([]);
    expect(inputs.every((file) => file.startsWith('src/'))).toBe(true);
  });
});
