import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, type AnyStateMachine, type InspectionEvent } from 'xstate';
import {
  cdiscountDefinition,
  ORDER_STATUSES,
  createMaintenanceCalendar,
  createOrderMachine,
  orderMachine,
  type OrderMachineInput,
} from 'order-status-machine';
// Not in the barrel yet (issue 6): see the report for the exports to add.
import { BUYER_DATA_KEYS, createInspectionLog, redactBuyerData } from '../src/inspect/inspection.js';

const input: OrderMachineInput = { orderId: 'CD-240221-0042', marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK' };
// The definition's actions, named for the inspector, and `applyDecision`, which applies the engine's verdict.
const ACTION_NAMES = [
  'recordShipment',
  'recordRefund',
  'recordMarketplaceUpdate',
  'acknowledgeReport',
  'acknowledgeEvent',
  'applyDecision',
  'settleLines',
];
// The definition's guards, plus those the machine builder adds: every transition checks its event is well
// formed, and the marketplace's reports have guards of their own.
const GUARD_NAMES = [
  ...Object.keys(cdiscountDefinition.guards),
  'isWellFormed',
  'isFreshReportOf',
  'isUnexpectedReportOf',
  'isTrackingReportOf',
  'isRejectingReportOf',
  'isKnownReport',
  'isVerdictOf',
  // The steps of an order's lines (issue 15).
  'isLineStepOf',
  'isSettledReportOf',
  'isSettledVerdictOf',
  'isSettledTo',
  'isKnownVerdict',
];

type Line = Record<string, unknown> & { seq: number; type: string };

/** Runs one order through an actor, collecting raw inspection events and the log's JSON lines. */
function inspectRun(
  events: readonly Record<string, unknown>[],
  machine: AnyStateMachine = orderMachine,
  logOptions: Omit<Parameters<typeof createInspectionLog>[0], 'write'> = {},
) {
  const raw: InspectionEvent[] = [];
  const lines: string[] = [];
  const log = createInspectionLog({ ...logOptions, write: (line) => lines.push(line), now: () => new Date('2024-02-21T22:00:00Z') });
  const actor = createActor(machine, {
    input,
    inspect: (event) => {
      raw.push(event);
      log(event);
    },
  }).start();
  for (const event of events) actor.send(event as never);
  actor.stop();
  return { raw, lines, parsed: lines.map((l) => JSON.parse(l) as Line), actor };
}

const shipStory = [
  { type: 'ACCEPT', at: '2024-02-21T22:05:00Z' },
  { type: 'PAYMENT_CONFIRMED', at: '2024-02-21T22:20:00Z' },
  { type: 'SHIP', at: '2024-02-22T08:05:00Z', carrier: 'Colissimo', trackingNumber: '6A12345678901' },
];

interface ConfigTransition {
  guard?: unknown;
  actions?: unknown;
  description?: unknown;
}
interface ConfigState {
  description?: unknown;
  meta?: { label?: unknown };
  on?: Record<string, ConfigTransition | ConfigTransition[]>;
}
const transitionsOf = (state: ConfigState) =>
  Object.entries(state.on ?? {}).flatMap(([event, t]) => (Array.isArray(t) ? t : [t]).map((tr) => [event, tr] as const));

describe('inspecting a running order actor', () => {
  it('registers the actor with the order machine itself, by its id', () => {
    const { raw, parsed } = inspectRun([]);
    const registration = raw.find((e) => e.type === '@xstate.actor');
    expect((registration?.actorRef as unknown as { logic: unknown } | undefined)?.logic).toBe(orderMachine);
    const line = parsed.find((l) => l.type === '@xstate.actor');
    expect(line?.name).toBe('order');
  });

  it('carries the machine definition with descriptions, labels and named guards and actions', () => {
    const { parsed } = inspectRun([]);
    const definition = parsed.find((l) => l.type === '@xstate.actor')?.definition as {
      id: string;
      description: string;
      states: Record<string, ConfigState>;
    };
    expect(definition.id).toBe('order');
    expect(definition.description).toMatch(/lifecycle/);
    expect(Object.keys(definition.states)).toEqual([...ORDER_STATUSES]);
    for (const [status, state] of Object.entries(definition.states)) {
      expect(state.description, `${status} has a description`).toEqual(expect.stringMatching(/\S/));
      expect(state.meta?.label, `${status} has meta.label`).toEqual(expect.stringMatching(/\S/));
      for (const [event, transition] of transitionsOf(state)) {
        const where = `${status} on ${event}`;
        expect(transition.description, `${where} has a description`).toEqual(expect.stringMatching(/\S/));
        if (transition.guard !== undefined) {
          const name = typeof transition.guard === 'string' ? transition.guard : (transition.guard as { type: string }).type;
          expect(GUARD_NAMES, `${where} names its guard`).toContain(name);
        }
        for (const action of [transition.actions ?? []].flat()) {
          const name = typeof action === 'string' ? action : (action as { type: string }).type;
          expect(ACTION_NAMES, where).toContain(name);
        }
      }
    }
  });

  it('names the guard, actions and description of every transition taken', () => {
    const { parsed } = inspectRun(shipStory);
    const taken = parsed
      .filter((l) => l.type === '@xstate.microstep')
      .flatMap((l) => l.transitions as { eventType: string; guard: string | null; actions: string[]; description: string }[]);
    expect(taken.map((t) => [t.eventType, t.guard, t.actions])).toEqual([
      ['ACCEPT', 'canSellerAct', ['applyDecision']],
      ['PAYMENT_CONFIRMED', 'isWellFormed', ['applyDecision']],
      ['SHIP', 'canShip', ['recordShipment', 'applyDecision']],
    ]);
    expect(taken.every((t) => t.description.length > 0)).toBe(true);
    const last = parsed.filter((l) => l.type === '@xstate.snapshot').at(-1)?.snapshot as {
      value: string;
      context: { shipment: { trackingNumber: string } };
    };
    expect(last.value).toBe('ShippedBySeller');
    expect(last.context.shipment.trackingNumber).toBe('6A12345678901');
  });

  it('shows a seller action refused during maintenance as an event that takes no transition', () => {
    const calendar = createMaintenanceCalendar([
      { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow maintenance' },
    ]);
    const { parsed } = inspectRun([{ type: 'ACCEPT', at: '2024-02-21T19:30:00Z' }], createOrderMachine({ calendar }));
    expect(parsed.some((l) => l.type === '@xstate.event' && (l.event as { type: string }).type === 'ACCEPT')).toBe(true);
    // No transition is enabled (snapshot.can() says false): XState's microstep takes none. The refusal and its
    // blockers reach actor users through createOrderActor's order.rejected.
    const acceptSteps = parsed.filter((l) => l.type === '@xstate.microstep' && (l.event as { type: string }).type === 'ACCEPT');
    expect(acceptSteps.map((l) => l.transitions)).toEqual([[]]);
    const last = parsed.filter((l) => l.type === '@xstate.snapshot').at(-1)?.snapshot as { value: string };
    expect(last.value).toBe('WaitingForSellerAcceptation');
  });

  it('writes one JSON line per inspection event, numbered in order, filtered by type on request', () => {
    const { raw, lines, parsed } = inspectRun(shipStory);
    expect(lines).toHaveLength(raw.filter((e) => e.type.startsWith('@xstate.')).length);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(parsed.map((l) => l.seq)).toEqual(parsed.map((_, i) => i));
    const only = inspectRun(shipStory, orderMachine, { types: ['@xstate.microstep'] }).parsed;
    expect(new Set(only.map((l) => l.type))).toEqual(new Set(['@xstate.microstep']));
    // The last one is the actor stopping (inspectRun stops it).
    expect(only.map((l) => (l.event as { type: string }).type)).toEqual(['ACCEPT', 'PAYMENT_CONFIRMED', 'SHIP', 'xstate.stop']);
  });

  it('hands a failing write to onError and keeps the actor running', () => {
    const failures: string[] = [];
    const log = createInspectionLog({
      write: () => {
        throw new Error('disk full');
      },
      onError: (error) => failures.push((error as Error).message),
    });
    const actor = createActor(orderMachine, { input, inspect: log }).start();
    actor.send({ type: 'ACCEPT', at: '2024-02-21T22:05:00Z' });
    expect(actor.getSnapshot().value).toBe('AcceptedBySeller');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((m) => m === 'disk full')).toBe(true);
  });
});

describe('the machine config', () => {
  /** Every guard and action reference found anywhere in a config, with where it was found. */
  function references(config: unknown, path = 'config', out: { path: string; ref: unknown }[] = []) {
    if (typeof config !== 'object' || config === null) return out;
    for (const [key, value] of Object.entries(config)) {
      const here = `${path}.${key}`;
      if (key === 'guard') out.push({ path: here, ref: value });
      else if (key === 'actions' || key === 'entry' || key === 'exit') {
        for (const action of [value].flat()) out.push({ path: here, ref: action });
      } else references(value, here, out);
    }
    return out;
  }

  it.each([
    ['orderMachine', orderMachine],
    ['createOrderMachine()', createOrderMachine({ calendar: createMaintenanceCalendar([]) })],
  ])('%s has no anonymous guard or action anywhere, and implements every name it uses', (_, machine) => {
    const refs = references(machine.config);
    expect(refs.length).toBeGreaterThan(0);
    for (const { path, ref } of refs) {
      expect(typeof ref, `${path} is a name, not a function`).not.toBe('function');
      const name = typeof ref === 'string' ? ref : (ref as { type?: unknown }).type;
      expect(typeof name, `${path} has a name`).toBe('string');
      const implementations = path.endsWith('.guard') ? machine.implementations.guards : machine.implementations.actions;
      expect(typeof implementations[name as string], `${path}: ${String(name)} is implemented`).toBe('function');
    }
  });
});

describe('redactBuyerData', () => {
  const payload = {
    marketplace_order_id: 'CD-1',
    billing_address: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.org', city: 'Lyon' },
    packages: [
      {
        delivery: {
          first_name: 'Ada',
          full_name: 'Ada Lovelace',
          phone_mobile: '+33600000000',
          first_line: '1 rue de la Paix',
          zipcode: '69001',
          trackings: [{ carrier: 'Colissimo', number: '6A1' }],
        },
      },
    ],
    buyerEmail: 'ada@example.org',
  };

  it('replaces addresses, names, e-mails and phones, and keeps the order data', () => {
    expect(redactBuyerData(payload)).toEqual({
      marketplace_order_id: 'CD-1',
      billing_address: '[redacted]',
      packages: [
        {
          delivery: {
            first_name: '[redacted]',
            full_name: '[redacted]',
            phone_mobile: '[redacted]',
            first_line: '[redacted]',
            zipcode: '[redacted]',
            trackings: [{ carrier: 'Colissimo', number: '6A1' }],
          },
        },
      ],
      buyerEmail: '[redacted]',
    });
  });

  it('leaves its input untouched', () => {
    const copy = structuredClone(payload);
    redactBuyerData(payload);
    expect(payload).toEqual(copy);
  });

  it('takes its own keys, extra keys and placeholder', () => {
    expect(redactBuyerData({ siret: '1', email: 'a@b.c' }, { keys: ['siret'] })).toEqual({ siret: '[redacted]', email: 'a@b.c' });
    expect(redactBuyerData({ siret: '1', email: 'a@b.c' }, { extraKeys: [/^siret$/], placeholder: '***' })).toEqual({
      siret: '***',
      email: '***',
    });
  });

  it('is the default of the inspection log, and can be switched off', () => {
    const event = { type: 'SHIP', at: '2024-02-22T08:05:00Z', carrier: 'Colissimo', trackingNumber: '6A1', buyer_email: 'ada@example.org' };
    const story = [shipStory[0]!, shipStory[1]!, event];
    expect(inspectRun(story).lines.join('\n')).not.toContain('ada@example.org');
    expect(inspectRun(story, orderMachine, { redact: false }).lines.join('\n')).toContain('ada@example.org');
    expect(inspectRun(story, orderMachine, { redact: { extraKeys: ['carrier'] } }).lines.join('\n')).not.toContain('Colissimo');
  });

  it('never lets a buyer value through the inspection log, whatever key spelling carries it', () => {
    const keyVariant = fc
      .tuple(fc.constantFrom(...BUYER_DATA_KEYS), fc.constantFrom('', 'buyer_', 'billing_', 'Delivery'), fc.boolean())
      .map(([key, prefix, upper]) => `${prefix}${upper ? key.toUpperCase() : key}`);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(keyVariant, fc.stringMatching(/^[a-z]{6,12}$/)), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (fields, nested) => {
          // Tagged values: the tag cannot occur by chance in the rest of the log.
          const buyer = Object.fromEntries(fields.map(([k, v]) => [k, `zz${v}zz`]));
          const extra = nested ? { customer: buyer } : buyer;
          const { lines } = inspectRun([{ type: 'ACCEPT', at: '2024-02-21T22:05:00Z', ...extra }, shipStory[1]!]);
          const text = lines.join('\n');
          for (const [, v] of fields) expect(text).not.toContain(`zz${v}zz`);
          expect(text).toContain('CD-240221-0042');
        },
      ),
      { numRuns: 100 },
    );
  });
});
