import type { ChartGraph } from '../../diagram/graph.js';
import type { LiveOrder } from '../orders.js';

/** Where the page listens; any other WebSocket path is an inspector sending events. */
export const VIEW_PATH = '/view';

/**
 * What the server tells the page: every order's id in display order (most recently changed first), the
 * orders changed since the last message, and the diagrams the page has not had yet.
 */
export interface ViewMessage {
  readonly type: 'update';
  readonly ids: readonly string[];
  readonly orders: readonly LiveOrder[];
  readonly diagrams: Readonly<Record<string, ChartGraph>>;
}
