// Moving a manual clock on through the timers of something that writes in the background.
import type { ManualClock } from './manual-clock.js';

/**
 * Moves `clock` on by `ms`, stopping at each timer due on the way (at most `maxSteps` of them) and
 * awaiting `target.flush()` there, so that whatever the timer starts finishes before time moves on.
 */
export async function advanceFlushing(
  clock: ManualClock,
  target: { flush(): Promise<void> },
  ms: number,
  maxSteps = 1000,
): Promise<void> {
  const end = clock.now() + ms;
  for (let i = 0; i < maxSteps; i++) {
    const next = clock.nextAt();
    if (next === undefined || next > end) break;
    clock.advance(next - clock.now());
    await target.flush();
  }
  clock.advance(end - clock.now());
  await target.flush();
}
