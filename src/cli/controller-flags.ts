// The kube-controller-manager flags kite accepts, shared by `kite controller-manager` and
// `kite server` (which runs the same manager in its own process).
import { parseGoDurationMs } from '../apimachinery/duration/index.js';
import { parseCIDRSloppy } from '../apimachinery/validation/index.js';
import { type ControllerManagerOptions, DEFAULT_CONTROLLER_MANAGER_OPTIONS } from '../controllers/context.js';

/** parseArgs option definitions of the controller flags. */
export const CONTROLLER_FLAG_OPTIONS = {
  controllers: { type: 'string' },
  'cluster-cidr': { type: 'string' },
  'node-cidr-mask-size': { type: 'string' },
  'node-monitor-grace-period': { type: 'string' },
  'node-eviction-rate': { type: 'string' },
  'secondary-node-eviction-rate': { type: 'string' },
  'unhealthy-zone-threshold': { type: 'string' },
  'large-cluster-size-threshold': { type: 'string' },
  'terminated-pod-gc-threshold': { type: 'string' },
} as const;

/** Usage lines of the controller flags. */
export const CONTROLLER_FLAG_USAGE = `  --controllers LIST       controllers to run: '*' for the default set, 'name' to add one, '-name' to
                           leave one out (default '*')
  --cluster-cidr CIDR      range the node IPAM controller cuts pod CIDRs from (default 10.244.0.0/16)
  --node-cidr-mask-size N  prefix length of each node's pod CIDR (default 24)
  --node-monitor-grace-period D
                           silence after which a node is marked unhealthy (default 40s)
  --node-eviction-rate R   nodes per second whose pods are evicted in a healthy zone (default 0.1)
  --secondary-node-eviction-rate R
                           the same, in an unhealthy zone (default 0.01)
  --unhealthy-zone-threshold F
                           share of not-ready nodes that makes a zone unhealthy (default 0.55)
  --large-cluster-size-threshold N
                           zones this small stop evicting when unhealthy (default 50)
  --terminated-pod-gc-threshold N
                           terminated pods kept before the oldest are deleted (default 12500; 0 off)
`;

/** The parsed controller flags. */
export interface ControllerFlags {
  readonly controllers: readonly string[];
  readonly options: Omit<ControllerManagerOptions, 'rootCAPem'>;
}

/** Reads the controller flags out of parseArgs values, or the usage error. Pure. */
export function parseControllerFlags(
  values: Record<string, string | boolean | undefined>,
): ControllerFlags | string {
  const text = (flag: keyof typeof CONTROLLER_FLAG_OPTIONS): string | undefined =>
    values[flag] as string | undefined;
  const d = DEFAULT_CONTROLLER_MANAGER_OPTIONS;
  const controllers = (text('controllers') ?? '*')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const cidr = text('cluster-cidr') ?? d.clusterCIDR;
  if (parseCIDRSloppy(cidr) === null) return `invalid value "${cidr}" for --cluster-cidr: want a CIDR`;
  const num = (
    flag: keyof typeof CONTROLLER_FLAG_OPTIONS,
    def: number,
    ok: (n: number) => boolean,
    want: string,
  ): number | string => {
    const t = text(flag);
    if (t === undefined) return def;
    const n = Number(t);
    return t.trim() !== '' && Number.isFinite(n) && ok(n)
      ? n
      : `invalid value "${t}" for --${flag}: want ${want}`;
  };
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  const mask = num(
    'node-cidr-mask-size',
    d.nodeCIDRMaskSize,
    (n) => Number.isInteger(n) && n > 0 && n <= 128,
    'a prefix length',
  );
  const rate = num('node-eviction-rate', d.nodeEvictionRate, (n) => n >= 0, 'a rate, 0 or more');
  const rate2 = num(
    'secondary-node-eviction-rate',
    d.secondaryNodeEvictionRate,
    (n) => n >= 0,
    'a rate, 0 or more',
  );
  const zone = num(
    'unhealthy-zone-threshold',
    d.unhealthyZoneThreshold,
    (n) => n > 0 && n <= 1,
    'a fraction in (0, 1]',
  );
  const large = num('large-cluster-size-threshold', d.largeClusterSizeThreshold, whole, 'a whole number');
  const gc = num('terminated-pod-gc-threshold', d.terminatedPodGCThreshold, whole, 'a whole number');
  for (const v of [mask, rate, rate2, zone, large, gc]) if (typeof v === 'string') return v;
  let grace = d.nodeMonitorGracePeriodMs;
  const graceText = text('node-monitor-grace-period');
  if (graceText !== undefined) {
    try {
      grace = parseGoDurationMs(graceText);
    } catch {
      return `invalid value "${graceText}" for --node-monitor-grace-period: want a duration like 40s`;
    }
    if (!(grace > 0))
      return `invalid value "${graceText}" for --node-monitor-grace-period: want a positive duration`;
  }
  return {
    controllers,
    options: {
      clusterCIDR: cidr,
      nodeCIDRMaskSize: mask as number,
      nodeMonitorGracePeriodMs: grace,
      nodeEvictionRate: rate as number,
      secondaryNodeEvictionRate: rate2 as number,
      unhealthyZoneThreshold: zone as number,
      largeClusterSizeThreshold: large as number,
      terminatedPodGCThreshold: gc as number,
      concurrentSyncs: {},
    },
  };
}
