import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MULTI_POINT_PLUGINS, mergePluginSet } from './defaults.js';
import { ConfigError, defaultConfiguration, parseConfiguration } from './load.js';

const HEAD = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

describe('scheduler configuration', () => {
  it('defaults to one default-scheduler profile with upstream weights', () => {
    const cfg = defaultConfiguration();
    assert.equal(cfg.parallelism, 16);
    assert.equal(cfg.percentageOfNodesToScore, undefined);
    assert.equal(cfg.leaderElection.resourceName, 'kube-scheduler');
    assert.equal(cfg.profiles.length, 1);
    const p = cfg.profiles[0];
    assert.equal(p?.schedulerName, 'default-scheduler');
    const w = new Map(p?.plugins.multiPoint.enabled.map((e) => [e.name, e.weight]));
    assert.equal(w.get('TaintToleration'), 3);
    assert.equal(w.get('NodeAffinity'), 2);
    assert.equal(w.get('PodTopologySpread'), 2);
    assert.equal(w.get('InterPodAffinity'), 2);
    assert.equal(w.get('NodeResourcesFit'), 1);
    assert.equal(w.get('ImageLocality'), 1);
  });

  it('reads profiles, weights, plugin args and durations', () => {
    const cfg = parseConfiguration(
      `${HEAD}percentageOfNodesToScore: 30\nleaderElection:\n  leaderElect: false\n  leaseDuration: 20s\nprofiles:\n- schedulerName: a\n  percentageOfNodesToScore: 10\n  plugins:\n    multiPoint:\n      enabled:\n      - name: ImageLocality\n        weight: 5\n    score:\n      disabled:\n      - name: '*'\n  pluginConfig:\n  - name: NodeAffinity\n    args: {addedAffinity: {}}\n- schedulerName: b\n`,
    );
    assert.equal(cfg.percentageOfNodesToScore, 30);
    assert.equal(cfg.leaderElection.leaderElect, false);
    assert.equal(cfg.leaderElection.leaseDurationMs, 20_000);
    assert.deepEqual(
      cfg.profiles.map((p) => p.schedulerName),
      ['a', 'b'],
    );
    const a = cfg.profiles[0];
    assert.equal(a?.percentageOfNodesToScore, 10);
    // Re-enabling a default keeps its place with the new weight.
    const il = a?.plugins.multiPoint.enabled.find((e) => e.name === 'ImageLocality');
    assert.equal(il?.weight, 5);
    assert.equal(a?.plugins.multiPoint.enabled.length, DEFAULT_MULTI_POINT_PLUGINS.length);
    assert.deepEqual(a?.plugins.Score.disabled, [{ name: '*', weight: 0 }]);
    assert.deepEqual(a?.pluginConfig, [{ name: 'NodeAffinity', args: { addedAffinity: {} } }]);
  });

  it('validates as upstream', () => {
    assert.throws(
      () => parseConfiguration(`${HEAD}parallelism: 0\n`),
      new ConfigError('parallelism: Invalid value: 0: should be an integer value greater than zero'),
    );
    assert.throws(
      () => parseConfiguration(`${HEAD}profiles:\n- schedulerName: a\n- schedulerName: a\n`),
      new ConfigError('profiles[1].schedulerName: Duplicate value: "a"'),
    );
    assert.throws(
      () => parseConfiguration(`${HEAD}percentageOfNodesToScore: 101\n`),
      new ConfigError('percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]'),
    );
    assert.throws(
      () => parseConfiguration('apiVersion: v1\nkind: KubeSchedulerConfiguration\n'),
      ConfigError,
    );
  });

  it('merges plugin sets as upstream', () => {
    const d = {
      enabled: [
        { name: 'A', weight: 1 },
        { name: 'B', weight: 0 },
      ],
      disabled: [],
    };
    assert.deepEqual(
      mergePluginSet(d, {
        enabled: [
          { name: 'C', weight: 0 },
          { name: 'A', weight: 4 },
        ],
        disabled: [{ name: 'B', weight: 0 }],
      }).enabled,
      [
        { name: 'A', weight: 4 },
        { name: 'C', weight: 0 },
      ],
    );
    assert.deepEqual(mergePluginSet(d, { enabled: [], disabled: [{ name: '*', weight: 0 }] }).enabled, []);
  });
});
