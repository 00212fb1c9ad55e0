import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isAlreadyExists,
  isNotFound,
  isTooManyRequests,
  StatusError,
} from '../../apimachinery/errors/index.js';
import { errorFor, retryAfterSeconds } from './request.js';

describe('errorFor', () => {
  it('keeps the Status the server sent', () => {
    const body = Buffer.from(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'configmaps "a" not found',
        reason: 'NotFound',
        details: { name: 'a', kind: 'configmaps' },
        code: 404,
      }),
    );
    const e = errorFor(404, {}, body, 'GET', { resource: { group: '', resource: 'configmaps' }, name: 'a' });
    assert.ok(e instanceof StatusError && isNotFound(e));
    assert.equal(e.message, 'configmaps "a" not found');
  });

  it('words a bare 409 on POST as AlreadyExists and keeps Retry-After', () => {
    const e = errorFor(409, {}, Buffer.from('oops'), 'POST', {
      resource: { group: 'apps', resource: 'deployments' },
    });
    assert.ok(isAlreadyExists(e));
    const t = errorFor(429, { 'retry-after': '3' }, Buffer.from(''), 'GET', {});
    assert.ok(isTooManyRequests(t));
    assert.equal((t as StatusError).status.details?.retryAfterSeconds, 3);
  });

  it('reads only whole seconds from Retry-After', () => {
    assert.equal(retryAfterSeconds({ 'retry-after': ' 7 ' }), 7);
    assert.equal(retryAfterSeconds({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }), undefined);
  });
});
