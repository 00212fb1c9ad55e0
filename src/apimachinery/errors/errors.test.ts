import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { invalid as fieldInvalid, notSupported, path, required } from '../field/index.js';
import * as errors from './index.js';

const pods = { group: '', resource: 'pods' };
const deployments = { group: 'apps', resource: 'deployments' };

describe('status error factories', () => {
  const cases: Array<[string, errors.StatusError, number, string, string]> = [
    ['not found', errors.notFound(pods, 'x'), 404, 'NotFound', 'pods "x" not found'],
    [
      'not found in a group',
      errors.notFound(deployments, 'web'),
      404,
      'NotFound',
      'deployments.apps "web" not found',
    ],
    ['already exists', errors.alreadyExists(pods, 'x'), 409, 'AlreadyExists', 'pods "x" already exists'],
    [
      'generate name conflict',
      errors.generateNameConflict(pods, 'x-abcde', 1),
      409,
      'AlreadyExists',
      'pods "x-abcde" already exists, the server was not able to generate a unique name for the object',
    ],
    [
      'conflict',
      errors.conflict(deployments, 'web', errors.OptimisticLockErrorMsg),
      409,
      'Conflict',
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    ],
    ['bad request', errors.badRequest('bad'), 400, 'BadRequest', 'bad'],
    ['unauthorized default', errors.unauthorized(), 401, 'Unauthorized', 'not authorized'],
    [
      'unauthorized as the server says it',
      errors.unauthorized('Unauthorized'),
      401,
      'Unauthorized',
      'Unauthorized',
    ],
    [
      'forbidden with name',
      errors.forbidden(pods, 'x', 'nope'),
      403,
      'Forbidden',
      'pods "x" is forbidden: nope',
    ],
    [
      'forbidden without name',
      errors.forbidden(pods, '', 'nope'),
      403,
      'Forbidden',
      'pods is forbidden: nope',
    ],
    [
      'forbidden without resource',
      errors.forbidden({ group: '', resource: '' }, '', 'nope'),
      403,
      'Forbidden',
      'forbidden: nope',
    ],
    [
      'forbidden request in a namespace',
      errors.forbiddenRequest({
        user: 'u',
        verb: 'get',
        resource: { group: '', resource: 'pods', namespace: 'ns', name: 'x' },
      }),
      403,
      'Forbidden',
      'pods "x" is forbidden: User "u" cannot get resource "pods" in API group "" in the namespace "ns"',
    ],
    [
      'forbidden list at cluster scope with a subresource and reason',
      errors.forbiddenRequest(
        {
          user: 'system:anonymous',
          verb: 'list',
          resource: { group: 'apps', resource: 'deployments', subresource: 'scale' },
        },
        'no RBAC policy matched',
      ),
      403,
      'Forbidden',
      'deployments.apps is forbidden: User "system:anonymous" cannot list resource "deployments/scale" in API group "apps" at the cluster scope: no RBAC policy matched',
    ],
    [
      'forbidden non-resource path',
      errors.forbiddenRequest({ user: 'u', verb: 'get', path: '/metrics' }),
      403,
      'Forbidden',
      'forbidden: User "u" cannot get path "/metrics"',
    ],
    [
      'method not supported',
      errors.methodNotSupported({ group: '', resource: 'bindings' }, 'list'),
      405,
      'MethodNotAllowed',
      'list is not supported on resources of kind "bindings"',
    ],
    ['gone', errors.gone('too old'), 410, 'Gone', 'too old'],
    [
      'expired',
      errors.resourceExpired('too old resource version: 1 (5)'),
      410,
      'Expired',
      'too old resource version: 1 (5)',
    ],
    ['too many requests', errors.tooManyRequests('slow down', 3), 429, 'TooManyRequests', 'slow down'],
    [
      'internal',
      errors.internalError(new Error('boom')),
      500,
      'InternalError',
      'Internal error occurred: boom',
    ],
    [
      'server timeout',
      errors.serverTimeout(pods, 'get', 2),
      500,
      'ServerTimeout',
      'The get operation against pods could not be completed at this time, please try again.',
    ],
    [
      'timeout',
      errors.timeout('request did not complete within 60s', 0),
      504,
      'Timeout',
      'Timeout: request did not complete within 60s',
    ],
    ['unavailable', errors.serviceUnavailable('shutting down'), 503, 'ServiceUnavailable', 'shutting down'],
    [
      'unsupported media type',
      errors.unsupportedMediaType(['application/json', 'application/yaml']),
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    ],
    [
      'not acceptable',
      errors.notAcceptable(['application/json']),
      406,
      'NotAcceptable',
      'only the following media types are accepted: application/json',
    ],
    [
      'entity too large',
      errors.requestEntityTooLarge('limit is 3145728'),
      413,
      'RequestEntityTooLarge',
      'Request entity too large: limit is 3145728',
    ],
  ];
  for (const [name, err, code, reason, message] of cases) {
    test(name, () => {
      assert.ok(err instanceof Error);
      assert.equal(err.code, code);
      assert.equal(err.reason, reason);
      assert.equal(err.message, message);
      const s = err.toJSON();
      assert.equal(s.kind, 'Status');
      assert.equal(s.apiVersion, 'v1');
      assert.equal(s.status, 'Failure');
      assert.deepEqual(s.metadata, {});
      assert.equal(s.code, code);
      assert.equal(s.reason, reason);
      assert.equal(s.message, message);
    });
  }

  test('not found details name the resource as kind', () => {
    assert.deepEqual(errors.notFound(deployments, 'web').status.details, {
      name: 'web',
      group: 'apps',
      kind: 'deployments',
    });
  });

  test("the wire bytes are kube-apiserver's (key order, details present)", () => {
    assert.equal(
      JSON.stringify(errors.notFound(pods, 'x')),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"x\\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}',
    );
    assert.equal(
      JSON.stringify(errors.unauthorized('Unauthorized')),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}',
    );
  });

  test('forbidden on a path sends empty details, and the message is HTML-escaped', () => {
    const e = errors.forbiddenRequest({ user: '<u>', verb: 'get', path: '/a&b' }, 'r<x>');
    assert.deepEqual(e.status.details, {});
    assert.equal(e.message, 'forbidden: User "&lt;u&gt;" cannot get path "/a&amp;b": r<x>');
  });

  test('a zero retry is omitted', () => {
    assert.deepEqual(errors.timeout('x', 0).status.details, {});
    assert.deepEqual(errors.tooManyRequests('x', 2).status.details, { retryAfterSeconds: 2 });
  });

  test('internal error carries the cause', () => {
    assert.deepEqual(errors.internalError('disk full').status.details, {
      causes: [{ message: 'disk full' }],
    });
  });
});

describe('wire form', () => {
  test('an empty reason is left out, as Go omits it', () => {
    const e = new errors.StatusError({ status: 'Failure', message: 'boom', reason: '', code: 500 });
    assert.equal(
      JSON.stringify(e.toJSON()),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"boom","code":500}',
    );
    assert.equal(e.reason, '');
  });
});

describe('invalid', () => {
  test('single field error', () => {
    const err = errors.invalid({ group: '', kind: 'Pod' }, 'x', [
      required(path('spec', 'containers').index(0).child('image')),
    ]);
    assert.equal(err.code, 422);
    assert.equal(err.reason, 'Invalid');
    assert.equal(err.message, 'Pod "x" is invalid: spec.containers[0].image: Required value');
    assert.deepEqual(err.status.details, {
      name: 'x',
      kind: 'Pod',
      causes: [
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
      ],
    });
  });

  test('several errors are bracketed and grouped kinds are qualified', () => {
    const err = errors.invalid({ group: 'apps', kind: 'Deployment' }, 'web', [
      required(path('spec', 'selector')),
      fieldInvalid(path('spec', 'replicas'), -1, 'must be greater than or equal to 0'),
      notSupported(path('spec', 'strategy', 'type'), 'Blue', ['Recreate', 'RollingUpdate']),
    ]);
    assert.equal(
      err.message,
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.strategy.type: Unsupported value: "Blue": supported values: "Recreate", "RollingUpdate"]',
    );
    assert.equal(err.status.details?.group, 'apps');
    assert.equal(err.status.details?.causes?.length, 3);
  });

  test('no field errors', () => {
    assert.equal(errors.invalid({ group: '', kind: 'Pod' }, 'x', []).message, 'Pod "x" is invalid');
  });
});

describe('predicates', () => {
  const table: Array<[string, (e: unknown) => boolean, errors.StatusError]> = [
    ['isNotFound', errors.isNotFound, errors.notFound(pods, 'x')],
    ['isAlreadyExists', errors.isAlreadyExists, errors.alreadyExists(pods, 'x')],
    ['isConflict', errors.isConflict, errors.conflict(pods, 'x', 'y')],
    ['isInvalid', errors.isInvalid, errors.invalid({ group: '', kind: 'Pod' }, 'x', [])],
    ['isBadRequest', errors.isBadRequest, errors.badRequest('x')],
    ['isUnauthorized', errors.isUnauthorized, errors.unauthorized()],
    ['isForbidden', errors.isForbidden, errors.forbidden(pods, 'x', 'y')],
    ['isMethodNotSupported', errors.isMethodNotSupported, errors.methodNotSupported(pods, 'x')],
    ['isGone', errors.isGone, errors.gone('x')],
    ['isResourceExpired', errors.isResourceExpired, errors.resourceExpired('x')],
    ['isTooManyRequests', errors.isTooManyRequests, errors.tooManyRequests('x', 1)],
    ['isInternalError', errors.isInternalError, errors.internalError('x')],
    ['isServerTimeout', errors.isServerTimeout, errors.serverTimeout(pods, 'get', 1)],
    ['isTimeout', errors.isTimeout, errors.timeout('x', 1)],
    ['isServiceUnavailable', errors.isServiceUnavailable, errors.serviceUnavailable('x')],
    ['isUnsupportedMediaType', errors.isUnsupportedMediaType, errors.unsupportedMediaType([])],
    ['isNotAcceptable', errors.isNotAcceptable, errors.notAcceptable([])],
    ['isRequestEntityTooLarge', errors.isRequestEntityTooLarge, errors.requestEntityTooLarge('x')],
  ];
  for (const [name, pred, err] of table) {
    test(`${name} matches its own error and no other`, () => {
      assert.equal(pred(err), true);
      for (const [otherName, , other] of table) {
        if (otherName !== name && other.reason !== err.reason)
          assert.equal(pred(other), false, `${name} on ${otherName}`);
      }
      assert.equal(pred(new Error('plain')), false);
      assert.equal(pred(undefined), false);
    });
  }

  test('unknown reason falls back to the code', () => {
    const bare = new errors.StatusError({ code: 404, message: 'x' });
    assert.equal(errors.isNotFound(bare), true);
    const custom = new errors.StatusError({ code: 409, reason: 'SomethingNew', message: 'x' });
    assert.equal(errors.isConflict(custom), true);
    assert.equal(errors.isAlreadyExists(custom), false);
  });

  test('a known other reason does not fall back', () => {
    const e = new errors.StatusError({ code: 404, reason: 'Forbidden', message: 'x' });
    assert.equal(errors.isNotFound(e), false);
  });

  test('suggestsClientDelay', () => {
    assert.equal(errors.suggestsClientDelay(errors.tooManyRequests('x', 5)), 5);
    assert.equal(errors.suggestsClientDelay(errors.serverTimeout(pods, 'get', 0)), 0);
    assert.equal(errors.suggestsClientDelay(errors.notFound(pods, 'x')), undefined);
    assert.equal(errors.suggestsClientDelay(errors.badRequest('x')), undefined);
  });
});

describe('fromResponse', () => {
  test('a Status body rebuilds the same error', () => {
    const sent = errors.invalid({ group: 'apps', kind: 'Deployment' }, 'web', [
      required(path('spec', 'selector')),
    ]);
    const got = errors.fromResponse({ code: 422, verb: 'POST' }, JSON.stringify(sent.toJSON()));
    assert.ok(got instanceof errors.StatusError);
    assert.deepEqual(got.toJSON(), sent.toJSON());
    assert.equal(got.message, sent.message);
    assert.equal(errors.isInvalid(got), true);
  });

  test('a Success Status is no error', () => {
    const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
    assert.equal(errors.fromResponse({ code: 200, verb: 'DELETE' }, body), undefined);
  });

  test('a Status without code takes the HTTP code', () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'm',
      reason: 'NotFound',
    });
    const got = errors.fromResponse({ code: 404, verb: 'GET' }, body)!;
    assert.equal(got.code, 404);
    assert.deepEqual(got.status.metadata, {});
  });

  const generic: Array<[string, number, string, string, string]> = [
    [
      '404 without body',
      404,
      'GET',
      'NotFound',
      'the server could not find the requested resource (get pods x)',
    ],
    [
      '409 on POST means AlreadyExists',
      409,
      'POST',
      'AlreadyExists',
      'the server reported a conflict (post pods x)',
    ],
    ['409 on PUT means Conflict', 409, 'PUT', 'Conflict', 'the server reported a conflict (put pods x)'],
    ['403 keeps the server text', 403, 'GET', 'Forbidden', 'denied by proxy (get pods x)'],
    [
      '502 is an internal error quoting the body',
      502,
      'GET',
      'InternalError',
      'an error on the server ("denied by proxy") has prevented the request from succeeding (get pods x)',
    ],
    [
      '418 is unknown',
      418,
      'GET',
      '',
      'the server responded with the status code 418 but did not return more information (get pods x)',
    ],
  ];
  for (const [name, code, verb, reason, message] of generic) {
    test(name, () => {
      const body = code === 404 || code === 409 || code === 418 ? '' : 'denied by proxy';
      const got = errors.fromResponse({ code, verb, resource: pods, name: 'x' }, body)!;
      assert.equal(got.code, code);
      assert.equal(got.reason, reason);
      assert.equal(got.message, message);
      assert.deepEqual(got.status.details?.causes, [{ reason: 'UnexpectedServerResponse', message: body }]);
    });
  }

  test('fuzz: any body yields a StatusError or undefined, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), fc.integer({ min: 100, max: 599 }), (body, code) => {
        const got = errors.fromResponse({ code, verb: 'GET' }, body);
        assert.ok(got === undefined || got instanceof errors.StatusError);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
