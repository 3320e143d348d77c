/*
 * The options every entry point of the engine takes, checked before they are used: a mistake in them is the
 * caller's, reported as `INVALID_INPUT` naming the option ("invalid options"), never found later as a crash
 * deep in a rule (which `dispatch` would have to call a corrupt record).
 */
import { isNonNegativeDuration } from '../maintenance/calendar-arguments.js';
import { DEADLINE_KINDS } from './deadlines.js';
import { OrderMachineError, describeIssues, type ValidationIssue } from './errors.js';
import { TRACKING_POLICIES, type LifecycleOptions } from './options.js';

const LISTS = ['trackedDeliveryModes', 'untrackedDeliveryModes', 'storeDeliveryModes', 'carriers', 'refundReasons'] as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasMethod = (value: unknown, name: string) => isObject(value) && typeof value[name] === 'function';

/** The problems of a `LifecycleOptions` object (plus `historyLimit` and `details`, which some functions take). */
function optionIssues(options: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const issue = (key: string, message: string) => issues.push({ path: [key], message });
  if (options.calendar !== undefined && !hasMethod(options.calendar, 'activeAt'))
    issue('calendar', 'must be a maintenance calendar (createMaintenanceCalendar)');
  for (const key of LISTS) {
    const list = options[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((item) => typeof item === 'string'))) issue(key, 'must be a list of strings');
  }
  const policy = options.trackingPolicy;
  if (policy !== undefined) {
    if (!isObject(policy)) issue('trackingPolicy', 'must be an object of marketplace names to policies');
    else
      for (const [marketplace, value] of Object.entries(policy)) {
        if (!(TRACKING_POLICIES as readonly unknown[]).includes(value)) {
          issues.push({ path: ['trackingPolicy', marketplace], message: `must be one of ${TRACKING_POLICIES.join(', ')}` });
        }
      }
  }
  const durations = options.deadlineDurations;
  if (durations !== undefined) {
    if (!isObject(durations)) issue('deadlineDurations', 'must be an object of deadline kinds to durations');
    else
      for (const [kind, duration] of Object.entries(durations)) {
        const path = ['deadlineDurations', kind];
        if (!(DEADLINE_KINDS as readonly string[]).includes(kind)) issues.push({ path, message: `must be one of ${DEADLINE_KINDS.join(', ')}` });
        else if (duration !== undefined && !isNonNegativeDuration(duration))
          issues.push({ path, message: 'must be a duration or a number of milliseconds, not negative' });
      }
  }
  if (options.pendingTimeout !== undefined && !isNonNegativeDuration(options.pendingTimeout)) {
    issue('pendingTimeout', 'must be a duration or a number of milliseconds, not negative');
  }
  if (options.unreachableStatus !== undefined && options.unreachableStatus !== 'apply' && options.unreachableStatus !== 'refuse') {
    issue('unreachableStatus', "must be 'apply' or 'refuse'");
  }
  if (options.marketplaceRules !== undefined && !hasMethod(options.marketplaceRules, 'blockersFor')) {
    issue('marketplaceRules', 'must be marketplace rules (createMarketplaceRules)');
  }
  if (options.historyLimit !== undefined && (typeof options.historyLimit !== 'number' || Number.isNaN(options.historyLimit))) {
    issue('historyLimit', 'must be a number');
  }
  if (options.details !== undefined && typeof options.details !== 'boolean') issue('details', 'must be true or false');
  return issues;
}

// The options object checked last, with its keys and values then: a caller passes one object to every call,
// and checking it again cost 3% of a dispatch. Only objects whose values hold no list or record of their own
// are remembered (a list changed in place would go unseen); a key added, removed or set again is seen.
let lastChecked: object | undefined;
let lastEntries: [string, unknown][] = [];

function remember(options: object): void {
  const entries = Object.entries(options);
  const shallow = entries.every(([key, value]) => typeof value !== 'object' || value === null || key === 'calendar' || key === 'marketplaceRules');
  lastChecked = shallow ? options : undefined;
  lastEntries = entries;
}

function isUnchanged(options: object): boolean {
  let i = 0;
  for (const key in options) {
    const entry = lastEntries[i++];
    if (entry === undefined || entry[0] !== key || entry[1] !== (options as Record<string, unknown>)[key]) return false;
  }
  return i === lastEntries.length;
}

/**
 * The options of `caller`, checked: `undefined` reads as none; anything else must be an object whose known
 * options have the right types. Throws `OrderMachineError` `INVALID_INPUT` naming each option at fault.
 *
 * @example const checked = checkOptions(options, 'dispatch');
 */
export function checkOptions<O extends LifecycleOptions>(options: O | undefined, caller: string): O {
  if (options === undefined) return {} as O;
  if (options === lastChecked && isUnchanged(options)) return options;
  const issues = isObject(options) ? optionIssues(options) : [{ path: [], message: 'must be an object' }];
  if (issues.length === 0) {
    remember(options);
    return options;
  }
  throw new OrderMachineError('INVALID_INPUT', `Invalid options for ${caller}: ${describeIssues(issues)}`, issues);
}
