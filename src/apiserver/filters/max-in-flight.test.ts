import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestInfo } from '../request/index.js';
import { isLongRunning, MaxInFlightLimiter, requestKind } from './max-in-flight.js';

function info(method: string, target: string) {
  const ri = requestInfo(method, target);
  assert.ok(ri.ok);
  return ri.info;
}

describe('requestKind', () => {
  for (const [verb, want] of [
    ['get', 'readOnly'],
    ['list', 'readOnly'],
    ['watch', 'readOnly'],
    ['create', 'mutating'],
    ['update', 'mutating'],
    ['patch', 'mutating'],
    ['delete', 'mutating'],
    ['deletecollection', 'mutating'],
    ['post', 'mutating'],
    ['head', 'mutating'],
  ] as const) {
    it(`${verb} is ${want}`, () => assert.equal(requestKind(verb), want));
  }
});

describe('isLongRunning', () => {
  const cases: [string, string, string, boolean][] = [
    ['watch param', 'GET', '/api/v1/pods?watch=true', true],
    ['watch path', 'GET', '/api/v1/watch/namespaces/a/pods', true],
    ['watch=false is a list', 'GET', '/api/v1/pods?watch=false', false],
    ['log', 'GET', '/api/v1/namespaces/a/pods/p/log', true],
    ['exec', 'POST', '/api/v1/namespaces/a/pods/p/exec', true],
    ['attach', 'GET', '/api/v1/namespaces/a/pods/p/attach', true],
    ['portforward', 'GET', '/api/v1/namespaces/a/pods/p/portforward', true],
    ['proxy subresource', 'GET', '/api/v1/namespaces/a/services/s/proxy/x', true],
    ['proxy verb', 'GET', '/api/v1/proxy/namespaces/a/pods/p', true],
    ['status is not', 'PUT', '/api/v1/namespaces/a/pods/p/status', false],
    ['get', 'GET', '/api/v1/namespaces/a/pods/p', false],
    ['non-resource', 'GET', '/healthz', false],
  ];
  for (const [name, method, target, want] of cases) {
    it(name, () => assert.equal(isLongRunning(info(method, target)), want));
  }
});

describe('MaxInFlightLimiter', () => {
  it('refuses past the limit of a kind and frees seats on release', () => {
    const l = new MaxInFlightLimiter({ readOnly: 2, mutating: 1 });
    const r1 = l.admit('readOnly', false);
    const r2 = l.admit('readOnly', false);
    assert.ok(r1 && r2);
    assert.equal(l.admit('readOnly', false), undefined);
    // The other kind has its own seats.
    const m1 = l.admit('mutating', false);
    assert.ok(m1);
    assert.equal(l.admit('mutating', false), undefined);
    r1();
    r1(); // idempotent: frees one seat only
    assert.equal(l.inFlight('readOnly'), 1);
    const r3 = l.admit('readOnly', false);
    assert.ok(r3);
    assert.equal(l.admit('readOnly', false), undefined);
  });

  it('serves exempt requests over the limit without taking a seat', () => {
    const l = new MaxInFlightLimiter({ readOnly: 1, mutating: 1 });
    assert.ok(l.admit('mutating', false));
    const exempt = l.admit('mutating', true);
    assert.ok(exempt);
    assert.equal(l.inFlight('mutating'), 1);
    exempt();
    assert.equal(l.inFlight('mutating'), 1);
  });

  it('exempt requests under the limit still count', () => {
    const l = new MaxInFlightLimiter({ readOnly: 1, mutating: 1 });
    assert.ok(l.admit('readOnly', true));
    assert.equal(l.admit('readOnly', false), undefined);
  });

  it('0 means unlimited', () => {
    const l = new MaxInFlightLimiter({ readOnly: 0, mutating: 0 });
    for (let i = 0; i < 1000; i++) assert.ok(l.admit('mutating', false));
    assert.equal(l.inFlight('mutating'), 1000);
  });

  it('watermarks report the peak of the period, then restart at the current level', () => {
    const l = new MaxInFlightLimiter({ readOnly: 10, mutating: 10 });
    const a = l.admit('readOnly', false)!;
    const b = l.admit('readOnly', false)!;
    const c = l.admit('readOnly', false)!;
    a();
    b();
    assert.deepEqual(l.takeWatermarks(), { readOnly: 3, mutating: 0 });
    assert.deepEqual(l.takeWatermarks(), { readOnly: 1, mutating: 0 });
    c();
    assert.deepEqual(l.takeWatermarks(), { readOnly: 1, mutating: 0 });
    assert.deepEqual(l.takeWatermarks(), { readOnly: 0, mutating: 0 });
  });
});
