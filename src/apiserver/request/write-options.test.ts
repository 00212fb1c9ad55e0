import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery } from './query.js';
import {
  createOptionsForRequest,
  effectiveFieldValidation,
  fieldManagerFor,
  patchOptionsForRequest,
  updateOptionsForRequest,
} from './write-options.js';

describe('create and update options', () => {
  it('decodes every value', () => {
    const r = createOptionsForRequest(
      parseQuery('dryRun=All&fieldManager=kubectl-client-side-apply&fieldValidation=Strict'),
    );
    assert.deepEqual(r, {
      ok: true,
      value: { dryRun: ['All'], fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' },
    });
  });
  it('nothing given is valid', () => {
    assert.deepEqual(updateOptionsForRequest(parseQuery('')), {
      ok: true,
      value: { dryRun: [], fieldManager: '', fieldValidation: '' },
    });
  });
  const bad: [string, string, string][] = [
    ['dryRun other than All', 'dryRun=x', 'dryRun: Unsupported value: ["x"]: supported values: "All"'],
    ['an empty dryRun', 'dryRun=', 'dryRun: Unsupported value: [""]: supported values: "All"'],
    [
      'one bad dryRun among good ones',
      'dryRun=All&dryRun=Some',
      'dryRun: Unsupported value: ["All","Some"]: supported values: "All"',
    ],
    [
      'unknown fieldValidation',
      'fieldValidation=strict',
      'fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"',
    ],
    [
      'fieldManager too long',
      `fieldManager=${'a'.repeat(129)}`,
      'fieldManager: Too long: may not be more than 128 bytes',
    ],
    [
      'unprintable fieldManager',
      'fieldManager=a%0Ab',
      'fieldManager: Invalid value: "a\\nb": invalid character U+000A (at position 1)',
    ],
  ];
  for (const [name, q, msg] of bad) {
    it(`422 for ${name}`, () => {
      const r = createOptionsForRequest(parseQuery(q));
      assert.ok(!r.ok);
      assert.equal(r.error.code, 422);
      assert.equal(r.error.status.message, `CreateOptions.meta.k8s.io "" is invalid: ${msg}`);
    });
  }
  it('update names UpdateOptions', () => {
    const r = updateOptionsForRequest(parseQuery('dryRun=x'));
    assert.ok(!r.ok);
    assert.match(r.error.status.message ?? '', /^UpdateOptions\.meta\.k8s\.io "" is invalid/);
  });
  it('a 128-byte fieldManager is fine', () => {
    assert.ok(createOptionsForRequest(parseQuery(`fieldManager=${'a'.repeat(128)}`)).ok);
  });
  it('several problems are listed together', () => {
    const r = createOptionsForRequest(parseQuery('dryRun=x&fieldValidation=y'));
    assert.ok(!r.ok);
    assert.equal(r.error.status.details?.causes?.length, 2);
  });
});

describe('patch options', () => {
  const cases: [string, string, string, string | undefined][] = [
    [
      'force on a merge patch',
      'force=true',
      'application/merge-patch+json',
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    ],
    [
      'force=false is still forbidden on non-apply',
      'force=false',
      'application/json-patch+json',
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    ],
    [
      'apply without a manager',
      '',
      'application/apply-patch+yaml',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    ],
    [
      'apply with force and a manager',
      'force=true&fieldManager=kubectl',
      'application/apply-patch+yaml',
      undefined,
    ],
    ['a plain strategic merge patch', '', 'application/strategic-merge-patch+json', undefined],
  ];
  for (const [name, q, type, msg] of cases) {
    it(name, () => {
      const r = patchOptionsForRequest(parseQuery(q), type);
      if (msg === undefined) assert.ok(r.ok);
      else {
        assert.ok(!r.ok);
        assert.equal(r.error.status.message, msg);
      }
    });
  }
  it('decodes force', () => {
    const r = patchOptionsForRequest(parseQuery('force=1&fieldManager=m'), 'application/apply-patch+yaml');
    assert.ok(r.ok);
    assert.equal(r.value.force, true);
  });
});

describe('defaults', () => {
  const fv: [string, string][] = [
    ['', 'Warn'],
    ['Ignore', 'Ignore'],
    ['Strict', 'Strict'],
    ['Warn', 'Warn'],
  ];
  for (const [given, want] of fv) {
    it(`fieldValidation ${JSON.stringify(given)} → ${want}`, () =>
      assert.equal(effectiveFieldValidation(given), want));
  }
  const fm: [string, string, string, string][] = [
    ['an explicit manager wins', 'mine', 'kubectl/v1.36.0', 'mine'],
    ['kubectl user agent', '', 'kubectl/v1.36.0 (linux/amd64) kubernetes/abc', 'kubectl'],
    [
      'client-go default agent',
      '',
      'kube-controller-manager/v1.36.0 (linux/amd64)',
      'kube-controller-manager',
    ],
    ['no slash keeps all', '', 'curl 8', 'curl 8'],
    ['empty agent', '', '', ''],
    ['unprintables dropped', '', 'a\tb\x00c/1', 'abc'],
    ['cut at 128 bytes', '', `${'x'.repeat(127)}é/1`, 'x'.repeat(127)],
  ];
  for (const [name, manager, ua, want] of fm) {
    it(`fieldManagerFor: ${name}`, () => assert.equal(fieldManagerFor(manager, ua), want));
  }
});
