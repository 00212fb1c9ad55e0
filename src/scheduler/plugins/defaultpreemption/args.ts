// DefaultPreemptionArgs: how many candidate nodes the dry run looks for.

/** The plugin's configuration (kubescheduler.config.k8s.io DefaultPreemptionArgs). */
export interface DefaultPreemptionArgs {
  /** Candidates to find as a percentage of the potential nodes (0..100; default 10). */
  readonly minCandidateNodesPercentage: number;
  /** The least number of candidates to find (default 100). */
  readonly minCandidateNodesAbsolute: number;
}

/** Upstream's defaults. */
export const DEFAULT_PREEMPTION_ARGS: DefaultPreemptionArgs = {
  minCandidateNodesPercentage: 10,
  minCandidateNodesAbsolute: 100,
};

/**
 * Defaults and validates `raw` (undefined or an object with the fields above). Throws an Error
 * listing upstream's field errors when invalid. Pure.
 */
export function parseDefaultPreemptionArgs(raw: unknown): DefaultPreemptionArgs {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<
    Record<keyof DefaultPreemptionArgs, unknown>
  >;
  const pct = o.minCandidateNodesPercentage ?? DEFAULT_PREEMPTION_ARGS.minCandidateNodesPercentage;
  const abs = o.minCandidateNodesAbsolute ?? DEFAULT_PREEMPTION_ARGS.minCandidateNodesAbsolute;
  if (
    typeof pct !== 'number' ||
    !Number.isInteger(pct) ||
    typeof abs !== 'number' ||
    !Number.isInteger(abs)
  ) {
    throw new Error(
      'DefaultPreemptionArgs: minCandidateNodesPercentage and minCandidateNodesAbsolute must be integers',
    );
  }
  const errs: string[] = [];
  if (pct < 0 || pct > 100)
    errs.push(`minCandidateNodesPercentage: Invalid value: ${pct}: not in valid range [0, 100]`);
  if (abs < 0) errs.push(`minCandidateNodesAbsolute: Invalid value: ${abs}: not in valid range [0, inf)`);
  if (pct === 0 && abs === 0) {
    errs.push(
      'minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute',
      'minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage',
    );
  }
  if (errs.length > 0) throw new Error(errs.length === 1 ? (errs[0] ?? '') : `[${errs.join(', ')}]`);
  return { minCandidateNodesPercentage: pct, minCandidateNodesAbsolute: abs };
}

/** How many candidates the dry run must find among `numNodes` potential nodes (never more than them). Pure. */
export function calculateNumCandidates(args: DefaultPreemptionArgs, numNodes: number): number {
  let n = Math.floor((numNodes * args.minCandidateNodesPercentage) / 100);
  if (n < args.minCandidateNodesAbsolute) n = args.minCandidateNodesAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}
