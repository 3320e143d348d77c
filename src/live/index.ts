// `order-status-machine/live`: watch orders in a local page, no internet. Node only; needs the ws package.
import { pageBeside } from './page-location.js';
import { startLiveViewServer, type LiveView, type LiveViewOptions } from './server.js';

export {
  createLiveOrders,
  type LiveEntry,
  type LiveOrder,
  type LiveOrders,
  type LiveOrdersOptions,
  type LiveOutcome,
  type LiveReceipt,
  type LiveState,
} from './orders.js';
export type { ChartEdge, ChartGraph } from '../diagram/graph.js';
export type { LiveReplay, LiveView, LiveViewOptions } from './server.js';

/**
 * Starts the live view on 127.0.0.1: a page drawing each order's lifecycle with its current status, its
 * timeline with every refusal and its blockers, and its context (buyer data redacted), several orders side by
 * side. Feed it with `createWebSocketInspector({ url: view.inspectorUrl })` from `@statelyai/inspect`,
 * unchanged, or replay an inspection log. Give it the rules' options your actors use (the maintenance
 * calendar) so that it explains refusals as they do.
 *
 * @example
 * import { createWebSocketInspector } from '@statelyai/inspect';
 * import { createOrderActor } from 'order-status-machine';
 * import { startLiveView } from 'order-status-machine/live';
 *
 * const view = await startLiveView({ options: { calendar } });
 * console.log(`Open ${view.url}`);
 * const inspector = createWebSocketInspector({ url: view.inspectorUrl });
 * createOrderActor({ input: { orderId: 'CD-1', marketplace: 'cdiscount' }, options: { calendar }, inspect: inspector.inspect }).start();
 */
export function startLiveView(options: LiveViewOptions = {}): Promise<LiveView> {
  // Resolved here, in the entry: the page is built beside it (shared code may sit in a chunk elsewhere).
  return startLiveViewServer(options, pageBeside(typeof __filename === 'string' ? __filename : import.meta.url));
}
