// Validation of the scheduler configuration, as upstream's ValidateKubeSchedulerConfiguration: the
// errors joined into one aggregate message.
import {
  aggregateMessage,
  duplicate,
  type FieldError,
  invalid,
  path,
  required,
} from '../../apimachinery/field/index.js';
import type { SchedulerConfiguration } from './types.js';

function validatePercentage(errs: FieldError[], p: ReturnType<typeof path>, v: number | undefined): void {
  if (v !== undefined && (v < 0 || v > 100)) errs.push(invalid(p, v, 'not in valid range [0-100]'));
}

/** The aggregated validation message ('' when valid). */
export function validateConfiguration(cfg: SchedulerConfiguration): string {
  const errs: FieldError[] = [];
  if (cfg.parallelism <= 0) {
    errs.push(invalid(path('parallelism'), cfg.parallelism, 'should be an integer value greater than zero'));
  }
  validatePercentage(errs, path('percentageOfNodesToScore'), cfg.percentageOfNodesToScore);
  if (cfg.podInitialBackoffSeconds <= 0) {
    errs.push(
      invalid(path('podInitialBackoffSeconds'), cfg.podInitialBackoffSeconds, 'must be greater than 0'),
    );
  }
  if (cfg.podMaxBackoffSeconds < cfg.podInitialBackoffSeconds) {
    errs.push(
      invalid(
        path('podMaxBackoffSeconds'),
        cfg.podMaxBackoffSeconds,
        'must be greater than or equal to PodInitialBackoffSeconds',
      ),
    );
  }
  const le = cfg.leaderElection;
  if (le.leaderElect) {
    const lp = path('leaderElection');
    if (le.leaseDurationMs <= 0) {
      errs.push(
        invalid(lp.child('leaseDuration'), `${le.leaseDurationMs / 1000}s`, 'must be greater than zero'),
      );
    }
    if (le.renewDeadlineMs <= 0) {
      errs.push(
        invalid(lp.child('renewDeadline'), `${le.renewDeadlineMs / 1000}s`, 'must be greater than zero'),
      );
    }
    if (le.retryPeriodMs <= 0) {
      errs.push(invalid(lp.child('retryPeriod'), `${le.retryPeriodMs / 1000}s`, 'must be greater than zero'));
    }
    if (le.leaseDurationMs <= le.renewDeadlineMs) {
      errs.push(
        invalid(
          lp.child('leaseDuration'),
          `${le.renewDeadlineMs / 1000}s`,
          'LeaseDuration must be greater than RenewDeadline',
        ),
      );
    }
    if (!['leases', 'endpointsleases', 'configmapsleases'].includes(le.resourceLock)) {
      errs.push(invalid(lp.child('resourceLock'), le.resourceLock, 'resourceLock value must be "leases"'));
    }
    if (le.resourceName === '') errs.push(required(lp.child('resourceName'), 'resourceName is required'));
    if (le.resourceNamespace === '') {
      errs.push(required(lp.child('resourceNamespace'), 'resourceNamespace is required'));
    }
  }
  if (cfg.profiles.length === 0) errs.push(required(path('profiles'), ''));
  const names = new Set<string>();
  cfg.profiles.forEach((p, i) => {
    const pp = path('profiles').index(i);
    if (p.schedulerName === '') errs.push(required(pp.child('schedulerName'), ''));
    else if (names.has(p.schedulerName)) errs.push(duplicate(pp.child('schedulerName'), p.schedulerName));
    names.add(p.schedulerName);
    validatePercentage(errs, pp.child('percentageOfNodesToScore'), p.percentageOfNodesToScore);
    const seen = new Set<string>();
    p.pluginConfig.forEach((c, j) => {
      if (seen.has(c.name)) errs.push(duplicate(pp.child('pluginConfig').index(j), c.name));
      seen.add(c.name);
    });
  });
  // Every profile shares one queue, so they must sort it the same way.
  const first = cfg.profiles[0];
  if (first !== undefined) {
    const key = (ps: (typeof cfg.profiles)[number]) => JSON.stringify(ps.plugins.QueueSort);
    cfg.profiles.forEach((p, i) => {
      if (i > 0 && key(p) !== key(first)) {
        errs.push(
          invalid(
            path('profiles').index(i).child('plugins', 'queueSort'),
            p.plugins.QueueSort,
            'must be the same for all profiles',
          ),
        );
      }
    });
  }
  return aggregateMessage(errs);
}
