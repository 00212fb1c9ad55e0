// Upstream's helper.DefaultNormalizeScore: scale raw scores to 0..max, optionally reversed.
import type { NodeScore } from '../../framework/types.js';

/** Scales `scores` in place so the highest becomes `maxPriority`; `reverse` flips them (max - score). */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): void {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return;
  }
  for (const s of scores) {
    let v = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) v = maxPriority - v;
    s.score = v;
  }
}
