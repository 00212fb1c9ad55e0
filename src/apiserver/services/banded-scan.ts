import { randomBytes } from 'node:crypto';

/** A source of random integers in [0, n) for n > 0 (injected so tests are deterministic). */
export type RandomBig = (n: bigint) => bigint;

/** Random integers from the system's CSPRNG (64 random bits reduced modulo n). */
export const cryptoRandomBig: RandomBig = (n) => {
  if (n <= 0n) throw new RangeError('random range must be positive');
  return randomBytes(8).readBigUInt64BE() % n;
};

/**
 * The order in which upstream's allocators look for a free value among `size` values of which
 * the lowest `reserved` are kept for static requests: the upper band from a random start,
 * wrapping around inside it, then the lower band likewise. Yields offsets in [0, size), each once.
 * Lazy: a caller that stops early never pays for the rest of a large range.
 */
export function* bandedOrder(size: bigint, reserved: bigint, random: RandomBig): Generator<bigint> {
  const low = reserved < size ? reserved : 0n;
  const upper = size - low;
  if (upper > 0n) {
    const start = random(upper);
    for (let i = 0n; i < upper; i++) yield low + ((start + i) % upper);
  }
  if (low > 0n) {
    const start = random(low);
    for (let i = 0n; i < low; i++) yield (start + i) % low;
  }
}

/** Options of {@link takeFirstFree}. */
export interface TakeOptions {
  /** Offsets never to try (values this operation already holds). */
  readonly skip?: ReadonlySet<bigint>;
  /** Refusals tolerated once the used values are known (default 64). */
  readonly maxRefusals?: number;
}

/**
 * Walks {@link bandedOrder} and returns the first offset `tryTake` succeeds on; undefined when
 * the range is full. `tryTake` refuses (false) a value someone holds. The first candidate is tried
 * blind, which in a sparse range is all it takes; on the first refusal `loadUsed` tells which
 * values are held, and those are skipped from then on without being tried, so the walk visits
 * values in the same order as upstream's allocators, which consult their cache first. Gives up
 * after `maxRefusals` further refusals (values taken by concurrent writers).
 */
export async function takeFirstFree(
  size: bigint,
  reserved: bigint,
  random: RandomBig,
  loadUsed: () => Promise<ReadonlySet<bigint>>,
  tryTake: (offset: bigint) => Promise<boolean>,
  opts: TakeOptions = {},
): Promise<bigint | undefined> {
  const maxRefusals = opts.maxRefusals ?? 64;
  let used: ReadonlySet<bigint> | undefined;
  let refused = 0;
  let skipped = 0;
  for (const off of bandedOrder(size, reserved, random)) {
    if (opts.skip?.has(off) === true || used?.has(off) === true) {
      skipped++;
      // Every value has been passed over: the range is full.
      if (BigInt(skipped) >= size) return undefined;
      continue;
    }
    if (await tryTake(off)) return off;
    if (used === undefined) {
      used = await loadUsed();
      continue;
    }
    refused++;
    if (refused > maxRefusals) return undefined;
  }
  return undefined;
}
