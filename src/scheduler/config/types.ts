// The internal form of KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) after defaults.
import type { ProfilePlugins } from '../runtime/extension-points.js';

/** One scheduling profile. */
export interface SchedulerProfile {
  readonly schedulerName: string;
  /** 0..100; undefined: the global setting. */
  readonly percentageOfNodesToScore: number | undefined;
  readonly plugins: ProfilePlugins;
  /** Plugin args by plugin name, in configured order. */
  readonly pluginConfig: readonly { readonly name: string; readonly args: unknown }[];
}

/** Leader election settings (componentbaseconfig LeaderElectionConfiguration). */
export interface LeaderElectionConfig {
  readonly leaderElect: boolean;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  readonly resourceLock: string;
  readonly resourceName: string;
  readonly resourceNamespace: string;
}

/** The whole configuration. */
export interface SchedulerConfiguration {
  readonly parallelism: number;
  /** 0 (or undefined): adaptive. */
  readonly percentageOfNodesToScore: number | undefined;
  readonly podInitialBackoffSeconds: number;
  readonly podMaxBackoffSeconds: number;
  readonly leaderElection: LeaderElectionConfig;
  readonly profiles: readonly SchedulerProfile[];
}
