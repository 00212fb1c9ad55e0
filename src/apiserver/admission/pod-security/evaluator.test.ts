import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../registry/types.js';
import { checksFor, evaluatePod, forbiddenDetail, MAX_VERSION } from './evaluator.js';
import type { LevelVersion } from './policy.js';

const baseline: LevelVersion = { level: 'baseline', version: 'latest' };
const restricted: LevelVersion = { level: 'restricted', version: 'latest' };

function detail(lv: LevelVersion, spec: JsonObject, meta: JsonObject = {}): string {
  return forbiddenDetail(evaluatePod(lv, meta, spec));
}

const c = (name: string, securityContext?: JsonObject, extra: JsonObject = {}): JsonObject => ({
  name,
  image: 'x',
  ...(securityContext ? { securityContext } : {}),
  ...extra,
});

// A pod that passes restricted.
const good: JsonObject = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [c('a', { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } })],
};

describe('Pod Security Standards: baseline', () => {
  const cases: { name: string; spec: JsonObject; meta?: JsonObject; want: string }[] = [
    { name: 'a plain pod passes', spec: { containers: [c('a')] }, want: '' },
    {
      name: 'privileged',
      spec: { containers: [c('c', { privileged: true })] },
      want: 'privileged (container "c" must not set securityContext.privileged=true)',
    },
    {
      name: 'host namespaces and ports',
      spec: {
        hostNetwork: true,
        hostPID: true,
        containers: [
          c('a', undefined, {
            ports: [
              { containerPort: 80, hostPort: 8080 },
              { containerPort: 1, hostPort: 443 },
            ],
          }),
        ],
      },
      want: 'host namespaces (hostNetwork=true, hostPID=true), hostPort (container "a" uses hostPorts 443, 8080)',
    },
    {
      name: 'capabilities, hostPath and sysctls',
      spec: {
        securityContext: {
          sysctls: [
            { name: 'kernel.msgmax', value: '1' },
            { name: 'net.ipv4.tcp_rmem', value: '1' },
          ],
        },
        containers: [
          c('a', { capabilities: { add: ['NET_ADMIN', 'CHOWN', 'SYS_ADMIN'] } }),
          c('b', { capabilities: { add: ['NET_ADMIN'] } }),
        ],
        volumes: [{ name: 'h', hostPath: { path: '/' } }],
      },
      want:
        'non-default capabilities (containers "a", "b" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add), ' +
        'hostPath volumes (volume "h"), forbidden sysctls (kernel.msgmax)',
    },
    {
      name: 'seccomp, SELinux, AppArmor and procMount',
      spec: {
        securityContext: {
          seccompProfile: { type: 'Unconfined' },
          seLinuxOptions: { type: 'spc_t', user: 'u' },
        },
        containers: [c('a', { procMount: 'Unmasked', appArmorProfile: { type: 'Unconfined' } })],
      },
      want:
        'forbidden AppArmor profile (container "a" must not set AppArmor profile type to "Unconfined"), ' +
        'procMount (container "a" must not set securityContext.procMount to "Unmasked"), ' +
        'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set), ' +
        'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    },
    {
      name: 'procMount is allowed in a user namespace',
      spec: { hostUsers: false, containers: [c('a', { procMount: 'Unmasked' })] },
      want: '',
    },
    {
      name: 'probe hosts',
      spec: {
        containers: [c('a', undefined, { livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } } })],
      },
      want: 'probe or lifecycle host (container "a" uses probe or lifecycle host "10.0.0.1")',
    },
  ];
  for (const t of cases) {
    it(t.name, () => {
      assert.equal(detail(baseline, t.spec, t.meta), t.want);
    });
  }

  it('applies a check only from its version on', () => {
    const spec = {
      containers: [c('a', undefined, { livenessProbe: { tcpSocket: { host: 'h', port: 1 } } })],
    };
    assert.equal(detail({ level: 'baseline', version: 33 }, spec), '');
    assert.notEqual(detail({ level: 'baseline', version: 34 }, spec), '');
    assert.equal(checksFor({ level: 'baseline', version: 99 }), checksFor(baseline));
    assert.equal(MAX_VERSION, 35);
  });
});

describe('Pod Security Standards: restricted', () => {
  it('passes a hardened pod', () => {
    assert.equal(detail(restricted, good), '');
  });

  it('reports every restricted rule of a plain pod, baseline first', () => {
    assert.equal(
      detail(restricted, { containers: [c('a')], volumes: [{ name: 'h', hostPath: { path: '/' } }] }),
      'allowPrivilegeEscalation != false (container "a" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "a" must set securityContext.capabilities.drop=["ALL"]), ' +
        'restricted volume types (volume "h" uses restricted volume type "hostPath"), ' +
        'runAsNonRoot != true (pod or container "a" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('reports explicit bad values', () => {
    const spec = structuredClone(good);
    (spec['securityContext'] as JsonObject)['runAsUser'] = 0;
    (spec['containers'] as JsonObject[]).push(
      c('b', {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'], add: ['NET_RAW'] },
        runAsNonRoot: false,
      }),
    );
    assert.equal(
      detail(restricted, spec),
      'unrestricted capabilities (container "b" must not include "NET_RAW" in securityContext.capabilities.add), ' +
        'runAsNonRoot != true (container "b" must not set securityContext.runAsNonRoot=false), ' +
        'runAsUser=0 (pod must not set runAsUser=0)',
    );
  });

  it('keeps the baseline capability check before 1.22', () => {
    const spec = { containers: [c('a', { capabilities: { add: ['SYS_ADMIN'] } })] };
    assert.match(detail({ level: 'restricted', version: 21 }, spec), /^non-default capabilities/);
  });
});
