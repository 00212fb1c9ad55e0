import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { forbidden, internalError, StatusError } from '../../apimachinery/errors/index.js';
import { PODS, REPLICA_SETS } from '../../client/resources.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import { controllerKindOf, newControllerRef, withTypeMeta } from './controller-ref.js';
import { podFromTemplate, podNamePrefix, RealPodControl, validateControllerRef } from './pod-control.js';
import { RecordingBroadcaster } from '../testing.js';

const KIND = controllerKindOf(REPLICA_SETS);
const owner = withTypeMeta<ReplicaSet>({ metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid' } }, KIND);
const template: PodTemplateSpec = {
  metadata: { labels: { app: 'web' }, annotations: { a: 'b' }, finalizers: ['example.com/f'] },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
};

function lines(events: RecordingBroadcaster): string[] {
  return events.events.map((e) => `${e.type} ${e.reason} ${e.message}`);
}

function setup() {
  const client = new FakeClient();
  const events = new RecordingBroadcaster();
  const control = new RealPodControl(client, events.newRecorder('replicaset-controller'));
  return { client, events, control };
}

describe('podFromTemplate', () => {
  it('copies labels, annotations, finalizers and spec; sets generateName and the controller ref', () => {
    const ref = newControllerRef(owner, KIND);
    const pod = podFromTemplate(template, owner, ref);
    assert.deepEqual(pod, {
      metadata: {
        labels: { app: 'web' },
        annotations: { a: 'b' },
        generateName: 'web-',
        finalizers: ['example.com/f'],
        ownerReferences: [ref],
      },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    pod.spec!.containers[0]!.image = 'changed';
    Object.assign(pod.metadata?.labels ?? {}, { x: 'y' });
    assert.equal(template.spec?.containers[0]?.image, 'nginx');
    assert.deepEqual(Object.keys(template.metadata?.labels ?? {}), ['app']);
  });

  it('uses the bare name when name- is not a valid prefix', () => {
    assert.equal(podNamePrefix('web'), 'web-');
    assert.equal(podNamePrefix('a'.repeat(253)), `${'a'.repeat(253)}-`);
    assert.equal(podNamePrefix('a'.repeat(254)), 'a'.repeat(254));
  });
});

describe('validateControllerRef', () => {
  const good = newControllerRef(owner, KIND);
  const cases: [string, Parameters<typeof validateControllerRef>[0], string][] = [
    ['missing', undefined, 'controllerRef is nil'],
    ['no apiVersion', { ...good, apiVersion: '' }, 'controllerRef has empty APIVersion'],
    ['no kind', { ...good, kind: '' }, 'controllerRef has empty Kind'],
    ['not controller', { ...good, controller: false }, 'controllerRef.Controller is not set to true'],
    [
      'no blockOwnerDeletion',
      { ...good, blockOwnerDeletion: undefined },
      'controllerRef.BlockOwnerDeletion is not set',
    ],
  ];
  for (const [name, ref, msg] of cases)
    it(name, () => assert.throws(() => validateControllerRef(ref), { message: msg }));
});

describe('RealPodControl', () => {
  it('creates a pod and records SuccessfulCreate', async () => {
    const { client, events, control } = setup();
    const pod = await control.createPods('ns', template, owner, newControllerRef(owner, KIND));
    assert.match(pod.metadata?.name ?? '', /^web-[a-z0-9]{5}$/);
    assert.equal(client.objects(PODS, 'ns').length, 1);
    assert.deepEqual(lines(events), [`Normal SuccessfulCreate Created pod: ${pod.metadata?.name}`]);
    assert.equal(events.events[0]?.object.kind, 'ReplicaSet');
  });

  it('honours a generateName override', async () => {
    const { control } = setup();
    const pod = await control.createPods('ns', template, owner, newControllerRef(owner, KIND), 'custom-');
    assert.match(pod.metadata?.name ?? '', /^custom-/);
  });

  it('refuses a template without labels', async () => {
    const { client, events, control } = setup();
    await assert.rejects(
      control.createPods('ns', { spec: template.spec }, owner, newControllerRef(owner, KIND)),
      /unable to create pods, no labels/,
    );
    assert.equal(client.actions().length, 0);
    assert.deepEqual(lines(events), []);
  });

  it('records FailedCreate with the server message', async () => {
    const { client, events, control } = setup();
    client.prependReactor('create', 'pods', () => {
      throw forbidden({ group: '', resource: 'pods' }, 'web-abcde', 'exceeded quota: q');
    });
    await assert.rejects(control.createPods('ns', template, owner, newControllerRef(owner, KIND)));
    assert.deepEqual(lines(events), [
      'Warning FailedCreate Error creating: pods "web-abcde" is forbidden: exceeded quota: q',
    ]);
  });

  it('records nothing when the namespace is terminating', async () => {
    const { client, events, control } = setup();
    client.prependReactor('create', 'pods', () => {
      throw new StatusError({
        status: 'Failure',
        code: 403,
        reason: 'Forbidden',
        message:
          'pods "x" is forbidden: unable to create new content in namespace ns because it is being terminated',
        details: {
          kind: 'pods',
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: 'namespace ns is being terminated',
              field: 'metadata.namespace',
            },
          ],
        },
      });
    });
    await assert.rejects(control.createPods('ns', template, owner, newControllerRef(owner, KIND)));
    assert.deepEqual(lines(events), []);
  });

  it('deletes a pod and records SuccessfulDelete; a gone pod is NotFound without event', async () => {
    const { client, events, control } = setup();
    client.seed(PODS, [{ metadata: { name: 'p', namespace: 'ns' } }]);
    await control.deletePod('ns', 'p', owner);
    assert.deepEqual(lines(events), ['Normal SuccessfulDelete Deleted pod: p']);
    await assert.rejects(control.deletePod('ns', 'p', owner), (e: StatusError) => e.code === 404);
    assert.equal(lines(events).length, 1);
  });

  it('records FailedDelete on other errors', async () => {
    const { client, events, control } = setup();
    client.prependReactor('delete', 'pods', () => {
      throw internalError(new Error('disk full'));
    });
    await assert.rejects(
      control.deletePod('ns', 'p', owner),
      /^Error: unable to delete pods: Internal error occurred: disk full$/,
    );
    assert.deepEqual(lines(events), [
      'Warning FailedDelete Error deleting: Internal error occurred: disk full',
    ]);
  });
});
