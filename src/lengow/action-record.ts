/*
 * Lengow's record of a seller action (GET /v3.0/orders/actions), as its connectors read it: still `queued` in
 * Lengow, sent and waiting for the marketplace (`queued: false, processed: false`, no errors), taken
 * (`processed: true`, no errors) or turned down (`errors` set). The connectors finish an action on the last two
 * and record the marketplace's errors on the order (Lengow's Shopware connector, LengowAction::checkFinishAction).
 */
import { z } from 'zod';
import { dispatchIn, refusedResult } from '../engine/dispatch.js';
import type { OrderRecord } from '../engine/record.js';
import { blocker, type Blocker } from '../lifecycle/blockers.js';
import { checkOptions } from '../lifecycle/check-options.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { instantSchema } from '../lifecycle/instant.js';
import { NOT_STORABLE, STORABLE_TEXT } from '../lifecycle/text.js';
import { cdiscount, type DispatchOptions, type DispatchResult, type OrderStatus, type RefusedDispatch } from '../lifecycles/default.js';
import { octopia, type OctopiaStatus } from '../lifecycles/octopia.js';
import { checkOrderIdentity, malformed } from './sync.js';
import { vocabularyOfRecord } from './vocabulary.js';

/** Where a Lengow action stands: in Lengow's queue, sent to the marketplace, taken, or turned down. */
export const LENGOW_ACTION_STATES = ['queued', 'sent', 'done', 'error'] as const;

/** One of {@link LENGOW_ACTION_STATES}. */
export type LengowActionState = (typeof LENGOW_ACTION_STATES)[number];

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`).regex(STORABLE_TEXT, NOT_STORABLE);

/**
 * A Lengow action record as the API returns it: the fields read are checked, the action's own arguments
 * (`tracking_number`, `carrier`, `refund_reason`...) are kept as they come.
 */
export const lengowActionRecordSchema = z.looseObject({
  id: z.union([z.int().nonnegative(), text(100).min(1)]).transform(String),
  marketplace_order_id: text(200).min(1, 'must not be empty'),
  marketplace: text(100).min(1, 'must not be empty'),
  action_type: text(100).min(1, 'must not be empty'),
  processed: z.boolean(),
  queued: z.boolean(),
  // Lengow writes "" when there is none; some connectors' fixtures have null or a list of messages.
  errors: z.union([text(4000), z.null(), z.array(text(1000)).max(50)]).optional(),
  line: text(200).nullish(),
  created_at: instantSchema,
  updated_at: instantSchema,
});

/** A Lengow action record, validated. */
export type LengowActionRecord = z.output<typeof lengowActionRecordSchema>;

/** The marketplace's errors of a record, as one message; empty when there are none. */
function errorsOf(record: LengowActionRecord): string {
  const { errors } = record;
  return (Array.isArray(errors) ? errors.join('; ') : (errors ?? '')).trim();
}

/**
 * Where a Lengow action stands, read as Lengow's connectors read it: errors make it `error` whatever else;
 * `queued` is still in Lengow's queue; processed is `done`; otherwise it was `sent` and waits for the marketplace.
 * @example lengowActionState({ ...record, queued: false, processed: true, errors: '' }) // 'done'
 */
export function lengowActionState(record: LengowActionRecord): LengowActionState {
  if (errorsOf(record) !== '') return 'error';
  if (record.queued) return 'queued';
  return record.processed ? 'done' : 'sent';
}

type AnyStatus = OrderStatus | OctopiaStatus;

// A record refused before it became a verdict: the audit names no event.
const refusedRecord = <S extends string>(order: OrderRecord<S>, reason: Blocker): RefusedDispatch<S> => refusedResult(order, undefined, {}, [reason]);

/** The seller action of the order's lifecycle that a Lengow action type stands for: the pending one first. */
function sellerActionOf<S extends string>(lifecycle: CompiledLifecycle<S>, order: OrderRecord<S>, actionType: string): string | undefined {
  const events = lifecycle.definition.events;
  const pending = order.context.pendingAction?.type;
  if (pending !== undefined && events[pending]?.lengowAction === actionType) return pending;
  return lifecycle.sellerActions.find((type) => events[type]?.lengowAction === actionType);
}

/**
 * Settles the order's pending seller action from Lengow's record of it, in the order's own lifecycle: a record
 * still `queued` or `sent` gives the action its Lengow id (`ACTION_SENT`), a `done` one confirms it
 * (`ACTION_CONFIRMED`), one in `error` rejects it with the marketplace's errors as the reason
 * (`ACTION_REJECTED`: the order returns to the status before the action). The record's `updated_at` is the
 * event's instant; its id and state make the event's id, so the same record synced twice changes nothing.
 * A record of another order, of an action type the lifecycle does not send, or malformed, is refused with
 * `INVALID_EVENT` naming the field, the order unchanged; a record about another action than the one pending
 * (another Lengow id) settles nothing.
 *
 * @example
 * const result = syncLengowAction(order, await lengow.get(`/v3.0/orders/actions/${order.context.pendingAction?.actionId}`));
 * if (result.ok && result.anomaly === 'ACTION_REJECTED') alert(result.audit.detail);
 */
export function syncLengowAction<S extends AnyStatus = OrderStatus>(
  order: OrderRecord<S>,
  record: unknown,
  givenOptions?: DispatchOptions,
): DispatchResult<S> {
  const options = checkOptions(givenOptions, 'syncLengowAction');
  checkOrderIdentity(order);
  const parsed = lengowActionRecordSchema.safeParse(record);
  if (!parsed.success) return refusedRecord(order, malformed('Lengow action record', parsed.error.issues));
  const action = parsed.data;
  if (action.marketplace_order_id !== order.orderId || action.marketplace.toLowerCase() !== order.marketplace.toLowerCase()) {
    return refusedRecord(
      order,
      blocker(
        'INVALID_EVENT',
        `The action is about order ${action.marketplace_order_id} on ${action.marketplace}, not ${order.orderId} on ${order.marketplace}.`,
        {
          fields: ['marketplace', 'marketplace_order_id'],
        },
      ),
    );
  }
  const lifecycle = (vocabularyOfRecord(order) === 'octopia' ? octopia : cdiscount) as unknown as CompiledLifecycle<S>;
  const type = sellerActionOf(lifecycle, order, action.action_type);
  if (type === undefined) {
    return refusedRecord(
      order,
      blocker('INVALID_EVENT', `Lengow action type "${action.action_type}" is not one this lifecycle sends.`, { fields: ['action_type'] }),
    );
  }
  const state = lengowActionState(action);
  const verdict = state === 'done' ? 'ACTION_CONFIRMED' : state === 'error' ? 'ACTION_REJECTED' : 'ACTION_SENT';
  return dispatchIn(
    lifecycle,
    order,
    {
      type: verdict,
      at: action.updated_at,
      id: `lengow-action:${action.id}:${state}`,
      action: type,
      actionId: action.id,
      ...(state === 'error' ? { message: errorsOf(action).slice(0, 1000) } : {}),
    },
    options,
  );
}
