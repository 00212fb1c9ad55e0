// The success policy of Indexed Jobs: the Job succeeds early once the succeeded indexes satisfy a
// rule (a set of indexes that must all succeed, a count of them, or a count overall).
import type { SuccessPolicy } from 'kubernetes-types/batch/v1.js';
import { type Interval, OrderedIntervals } from './intervals.js';

function covered(rule: OrderedIntervals, succeeded: OrderedIntervals, count: number | undefined): boolean {
  const r = rule.intervals;
  const s = succeeded.intervals;
  let contains = 0;
  let i = 0;
  let j = 0;
  while (i < r.length && j < s.length) {
    const a = r[i] as Interval;
    const b = s[j] as Interval;
    const overlap = Math.min(a.last, b.last) - Math.max(a.first, b.first) + 1;
    if (overlap > 0) contains += overlap;
    if (b.last < a.last) j++;
    else i++;
  }
  return contains === rule.total() || (count !== undefined && contains >= count);
}

/**
 * The message of the first rule of `policy` the succeeded indexes satisfy (`Matched rules at
 * index N`), or undefined. Rules with unparsable index lists are skipped. Pure.
 */
export function matchSuccessPolicy(
  policy: SuccessPolicy | undefined | null,
  completions: number,
  succeeded: OrderedIntervals,
): string | undefined {
  if (policy == null || succeeded.total() === 0) return undefined;
  for (const [index, rule] of policy.rules.entries()) {
    if (rule.succeededIndexes != null) {
      const required = OrderedIntervals.parse(rule.succeededIndexes, completions);
      if (required.total() === 0) continue;
      if (covered(required, succeeded, rule.succeededCount ?? undefined))
        return `Matched rules at index ${index}`;
    } else if (rule.succeededCount != null && succeeded.total() >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
