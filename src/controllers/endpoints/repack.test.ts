import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointSubset } from 'kubernetes-types/core/v1.js';
import { renderEndpointPort, renderEndpointSubset } from '../endpointslice/index.js';
import { repackSubsets } from './repack.js';
import { truncateEndpoints } from './truncate.js';

const ref = (n: string) => ({ kind: 'Pod', namespace: 'ns', name: n, uid: `u-${n}` });

describe('repackSubsets', () => {
  it('groups addresses by the ports they serve and sorts them by IP', () => {
    const http = { name: 'http', port: 80, protocol: 'TCP' };
    const https = { name: 'https', port: 443, protocol: 'TCP' };
    const raw: EndpointSubset[] = [
      { addresses: [{ ip: '10.0.0.2', targetRef: ref('b') }], ports: [http] },
      { addresses: [{ ip: '10.0.0.1', targetRef: ref('a') }], ports: [http] },
      { addresses: [{ ip: '10.0.0.1', targetRef: ref('a') }], ports: [https] },
      { addresses: [{ ip: '10.0.0.2', targetRef: ref('b') }], ports: [https] },
    ];
    const out = repackSubsets(raw);
    assert.equal(out.length, 1);
    assert.deepEqual(
      out[0]?.addresses?.map((a) => a.ip),
      ['10.0.0.1', '10.0.0.2'],
    );
    assert.equal(out[0]?.ports?.length, 2);
  });

  it('lets not ready win over ready for the same address and port', () => {
    const p = { port: 80, protocol: 'TCP' };
    const out = repackSubsets([
      { addresses: [{ ip: '10.0.0.1', targetRef: ref('a') }], ports: [p] },
      { notReadyAddresses: [{ ip: '10.0.0.1', targetRef: ref('a') }], ports: [p] },
    ]);
    assert.equal(out.length, 1);
    assert.equal(out[0]?.addresses, undefined);
    assert.deepEqual(
      out[0]?.notReadyAddresses?.map((a) => a.ip),
      ['10.0.0.1'],
    );
  });

  it('splits addresses serving different ports into subsets ordered by their hash', () => {
    const out = repackSubsets([
      { addresses: [{ ip: '10.0.0.1', targetRef: ref('a') }], ports: [{ port: 80, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.0.0.2', targetRef: ref('b') }], ports: [{ port: 81, protocol: 'TCP' }] },
    ]);
    assert.equal(out.length, 2);
    const again = repackSubsets([...out].reverse());
    assert.deepEqual(again, out);
  });

  it('orders the ports of a subset as upstream does (kube-dns: dns-tcp, dns, metrics)', () => {
    const out = repackSubsets([
      {
        addresses: [{ ip: '10.244.0.2', targetRef: ref('a') }],
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          { name: 'metrics', port: 9153, protocol: 'TCP' },
        ],
      },
    ]);
    assert.deepEqual(
      out[0]?.ports?.map((p) => p.name),
      ['dns-tcp', 'dns', 'metrics'],
    );
  });

  it('renders ports and subsets as Go spew does for hashing', () => {
    assert.equal(
      renderEndpointSubset({
        addresses: [{ ip: '10.0.0.1', nodeName: 'n1', targetRef: { kind: 'Pod', name: 'a', uid: 'u' } }],
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      }),
      '(v1.EndpointSubset){Addresses:([]v1.EndpointAddress)[{IP:(string)10.0.0.1 Hostname:(string) ' +
        'NodeName:(*string)n1 TargetRef:(*v1.ObjectReference){Kind:(string)Pod Namespace:(string) Name:(string)a ' +
        'UID:(types.UID)u APIVersion:(string) ResourceVersion:(string) FieldPath:(string)}}] ' +
        'NotReadyAddresses:([]v1.EndpointAddress)<nil> Ports:([]v1.EndpointPort)[{Name:(string)http Port:(int32)80 ' +
        'Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}]}',
    );
  });

  it('renders ports as Go does for hashing', () => {
    assert.equal(
      renderEndpointPort({ name: 'http', port: 80, protocol: 'TCP' }),
      '(v1.EndpointPort){Name:(string)http Port:(int32)80 Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}',
    );
  });
});

describe('truncateEndpoints', () => {
  it('keeps every ready address and shares what is left among not-ready ones', () => {
    const addrs = (n: number, base: number) =>
      Array.from({ length: n }, (_, i) => ({ ip: `10.1.${base}.${i}` }));
    const subsets: EndpointSubset[] = [
      { addresses: addrs(600, 0), notReadyAddresses: addrs(300, 1) },
      { addresses: addrs(200, 2), notReadyAddresses: addrs(100, 3) },
    ];
    assert.equal(truncateEndpoints(subsets), true);
    assert.equal(subsets[0]?.addresses?.length, 600);
    assert.equal(subsets[1]?.addresses?.length, 200);
    assert.equal(subsets[0]?.notReadyAddresses?.length, 150);
    assert.equal(subsets[1]?.notReadyAddresses?.length, 50);
  });

  it('leaves small subsets alone', () => {
    const subsets: EndpointSubset[] = [{ addresses: [{ ip: '10.0.0.1' }] }];
    assert.equal(truncateEndpoints(subsets), false);
  });
});
