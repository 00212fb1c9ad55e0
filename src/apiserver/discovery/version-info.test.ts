import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gitVersion, goPlatform, rawJSON, versionInfo } from './version-info.js';

// Semantic Versioning 2.0.0 with the leading `v` Kubernetes versions carry.
const SEMVER =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

describe('versionInfo', () => {
  const info = versionInfo({
    kiteVersion: '0.1.0',
    gitCommit: 'abc123',
    gitTreeState: 'clean',
    buildDate: '2026-11-23T00:00:00Z',
    nodeVersion: '20.11.1',
    os: 'linux',
    arch: 'x64',
  });

  it('has the 1.36 field set in upstream order', () => {
    assert.deepEqual(Object.keys(info), [
      'major',
      'minor',
      'emulationMajor',
      'emulationMinor',
      'minCompatibilityMajor',
      'minCompatibilityMinor',
      'gitVersion',
      'gitCommit',
      'gitTreeState',
      'buildDate',
      'goVersion',
      'compiler',
      'platform',
    ]);
  });

  it('reports 1.36 emulating 1.36, compatible down to 1.35', () => {
    assert.deepEqual(
      [
        info.major,
        info.minor,
        info.emulationMajor,
        info.emulationMinor,
        info.minCompatibilityMajor,
        info.minCompatibilityMinor,
      ],
      ['1', '36', '1', '36', '1', '35'],
    );
  });

  it('carries the build facts given', () => {
    assert.equal(info.gitVersion, 'v1.36.0+kite.0.1.0');
    assert.equal(info.gitCommit, 'abc123');
    assert.equal(info.gitTreeState, 'clean');
    assert.equal(info.buildDate, '2026-11-23T00:00:00Z');
    assert.equal(info.goVersion, 'node20.11.1');
    assert.equal(info.platform, 'linux/amd64');
  });

  it('defaults to upstream unset values and the running platform', () => {
    const d = versionInfo({ kiteVersion: '1.0.0' });
    assert.equal(d.gitCommit, '');
    assert.equal(d.buildDate, '1970-01-01T00:00:00Z');
    assert.equal(d.platform, goPlatform(process.platform, process.arch));
    assert.match(d.gitVersion, SEMVER);
  });
});

describe('gitVersion', () => {
  const cases: { name: string; kite: string; want: string }[] = [
    { name: 'release', kite: '0.1.0', want: 'v1.36.0+kite.0.1.0' },
    { name: 'pre-release of kite stays build metadata', kite: '0.2.0-rc.1', want: 'v1.36.0+kite.0.2.0-rc.1' },
    { name: 'kite build metadata folds in', kite: '1.0.0+abc', want: 'v1.36.0+kite.1.0.0.abc' },
    { name: 'forbidden characters become dashes', kite: '1.0_0 x', want: 'v1.36.0+kite.1.0-0-x' },
    { name: 'empty identifiers dropped', kite: '1..0.', want: 'v1.36.0+kite.1.0' },
    { name: 'empty kite version', kite: '', want: 'v1.36.0+kite' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = gitVersion('v1.36.0', c.kite);
      assert.equal(got, c.want);
      assert.match(got, SEMVER);
    });
  }
});

describe('goPlatform', () => {
  const cases: { os: string; arch: string; want: string }[] = [
    { os: 'linux', arch: 'x64', want: 'linux/amd64' },
    { os: 'linux', arch: 'arm64', want: 'linux/arm64' },
    { os: 'linux', arch: 'ia32', want: 'linux/386' },
    { os: 'linux', arch: 'ppc64', want: 'linux/ppc64le' },
    { os: 'linux', arch: 's390x', want: 'linux/s390x' },
    { os: 'darwin', arch: 'arm64', want: 'darwin/arm64' },
    { os: 'win32', arch: 'x64', want: 'windows/amd64' },
  ];
  for (const c of cases) {
    it(`${c.os}/${c.arch}`, () => assert.equal(goPlatform(c.os, c.arch), c.want));
  }
});

describe('rawJSON', () => {
  const cases: { name: string; value: unknown; want: string }[] = [
    {
      name: 'two-space indent, no trailing newline',
      value: { a: '1', b: ['x'] },
      want: '{\n  "a": "1",\n  "b": [\n    "x"\n  ]\n}',
    },
    {
      name: 'HTML characters escaped as Go does',
      value: { s: '<a&b>' },
      want: '{\n  "s": "\\u003ca\\u0026b\\u003e"\n}',
    },
    {
      name: 'line and paragraph separators escaped',
      value: ['\u2028\u2029'],
      want: '[\n  "\\u2028\\u2029"\n]',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(rawJSON(c.value), c.want);
      assert.deepEqual(JSON.parse(rawJSON(c.value)), c.value);
    });
  }
});
