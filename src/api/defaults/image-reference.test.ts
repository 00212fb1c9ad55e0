import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { effectiveImageTag, ImageReferenceError, parseImageReference } from './image-reference.js';

const SHA = 'a'.repeat(64);

test('parseImageReference normalises and splits valid references', () => {
  const cases: Array<{ name: string; image: string; repository: string; tag?: string; digest?: string }> = [
    { name: 'official image', image: 'nginx', repository: 'docker.io/library/nginx' },
    {
      name: 'official image with tag',
      image: 'nginx:1.27',
      repository: 'docker.io/library/nginx',
      tag: '1.27',
    },
    { name: 'user repository', image: 'bitnami/redis:7', repository: 'docker.io/bitnami/redis', tag: '7' },
    { name: 'legacy hub domain', image: 'index.docker.io/nginx', repository: 'docker.io/library/nginx' },
    { name: 'registry with port, no tag', image: 'host:5000/img', repository: 'host:5000/img' },
    { name: 'registry with port and tag', image: 'host:5000/img:v1', repository: 'host:5000/img', tag: 'v1' },
    { name: 'localhost registry', image: 'localhost/img', repository: 'localhost/img' },
    {
      name: 'upper-case registry host',
      image: 'Registry.Example.com/a/b',
      repository: 'Registry.Example.com/a/b',
    },
    { name: 'ipv6 registry', image: '[::1]:5000/img:tag', repository: '[::1]:5000/img', tag: 'tag' },
    {
      name: 'digest only',
      image: `nginx@sha256:${SHA}`,
      repository: 'docker.io/library/nginx',
      digest: `sha256:${SHA}`,
    },
    {
      name: 'tag and digest',
      image: `nginx:latest@sha256:${SHA}`,
      repository: 'docker.io/library/nginx',
      tag: 'latest',
      digest: `sha256:${SHA}`,
    },
    {
      name: 'separators in path',
      image: 'user/a__b-c---d.e:x.y_z',
      repository: 'docker.io/user/a__b-c---d.e',
      tag: 'x.y_z',
    },
    { name: 'a dot makes the first component a registry', image: 'a__b.c-d/e', repository: 'a__b.c-d/e' },
  ];
  for (const c of cases) {
    const ref = parseImageReference(c.image);
    assert.equal(ref.repository, c.repository, c.name);
    assert.equal(ref.tag, c.tag, c.name);
    assert.equal(ref.digest, c.digest, c.name);
  }
});

test('parseImageReference rejects invalid references with ImageReferenceError', () => {
  const cases: Array<{ name: string; image: string; message: RegExp }> = [
    { name: 'empty', image: '', message: /invalid reference format|at least one component/ },
    { name: 'upper-case repository', image: 'NGINX', message: /must be lowercase/ },
    { name: 'upper-case path after registry', image: 'host:5000/Img', message: /must be lowercase/ },
    { name: 'bare image id', image: SHA, message: /cannot specify 64-byte hexadecimal strings/ },
    { name: 'trailing colon', image: 'nginx:', message: /invalid reference format/ },
    { name: 'tag too long', image: `nginx:${'a'.repeat(129)}`, message: /invalid reference format/ },
    { name: 'short digest', image: 'nginx@sha256:abc', message: /invalid reference format/ },
    {
      name: 'unknown digest algorithm',
      image: `nginx@md5:${'a'.repeat(32)}`,
      message: /unsupported digest algorithm/,
    },
    {
      name: 'digest of wrong length',
      image: `nginx@sha256:${'a'.repeat(63)}`,
      message: /invalid checksum digest format/,
    },
    {
      name: 'upper-case digest hex',
      image: `nginx@sha256:${'A'.repeat(64)}`,
      message: /invalid checksum digest format/,
    },
    { name: 'repository too long', image: `r/${'a'.repeat(300)}`, message: /more than 255 characters/ },
    { name: 'space', image: 'ngi nx', message: /invalid reference format/ },
    { name: 'leading separator', image: '-nginx', message: /invalid reference format/ },
  ];
  for (const c of cases) {
    assert.throws(
      () => parseImageReference(c.image),
      (e: unknown) => e instanceof ImageReferenceError && c.message.test(e.message),
      c.name,
    );
  }
});

test('effectiveImageTag treats untagged as latest and unparsable as no tag', () => {
  const cases: Array<{ name: string; image: unknown; tag: string }> = [
    { name: 'untagged', image: 'busybox', tag: 'latest' },
    { name: 'explicit latest', image: 'busybox:latest', tag: 'latest' },
    { name: 'versioned', image: 'busybox:1.36', tag: '1.36' },
    { name: 'port is not a tag', image: 'host:5000/busybox', tag: 'latest' },
    { name: 'digest only', image: `busybox@sha256:${SHA}`, tag: '' },
    { name: 'invalid', image: 'Busybox', tag: '' },
    { name: 'not a string', image: 42, tag: '' },
  ];
  for (const c of cases) assert.equal(effectiveImageTag(c.image), c.tag, c.name);
});

test('parseImageReference never fails with anything but ImageReferenceError (fuzz)', () => {
  const alphabet = fc.constantFrom(...'abcAZ09:/@._-[]+ sha256'.split(''));
  const arbitrary = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: alphabet, maxLength: 120 }));
  fc.assert(
    fc.property(arbitrary, (s) => {
      try {
        const ref = parseImageReference(s);
        assert.equal(typeof ref.repository, 'string');
      } catch (e) {
        assert.ok(e instanceof ImageReferenceError, String(e));
        assert.ok(e.message.length > 0);
      }
    }),
    { seed: 20261123, numRuns: 3000 },
  );
});
