import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { endpointSliceValidation } from './endpoint-slice.js';
import { type Case, meta, runCases } from './testing.js';

const slice = (addressType: string, endpoints: JsonObject[], ports: JsonObject[] = []): JsonObject => ({
  metadata: meta('s-abc', 'default'),
  addressType,
  endpoints,
  ports,
});

describe('EndpointSlice', () => {
  const many = Array.from({ length: 1001 }, () => ({ addresses: ['10.0.0.1'] }));
  const cases: Case[] = [
    {
      name: 'valid ipv4',
      obj: slice(
        'IPv4',
        [{ addresses: ['10.1.2.3'], nodeName: 'n1', zone: 'a', hostname: 'pod-0' }],
        [{ name: 'http', port: 80, protocol: 'TCP', appProtocol: 'http' }],
      ),
      want: [],
    },
    { name: 'valid fqdn', obj: slice('FQDN', [{ addresses: ['foo.example.com'] }]), want: [] },
    { name: 'missing address type', obj: slice('', []), want: ['addressType: Required value'] },
    {
      name: 'unknown address type',
      obj: slice('IPX', []),
      want: ['addressType: Unsupported value: "IPX": supported values: "FQDN", "IPv4", "IPv6"'],
    },
    {
      name: 'no addresses',
      obj: slice('IPv4', [{ addresses: [] }]),
      want: ['endpoints[0].addresses: Required value: must contain at least 1 address'],
    },
    {
      name: 'ipv6 in an ipv4 slice',
      obj: slice('IPv4', [{ addresses: ['2001:db8::1'] }]),
      want: ['endpoints[0].addresses[0]: Invalid value: "2001:db8::1": must be a valid IPv4 address'],
    },
    {
      name: 'wrong family and loopback are both reported',
      obj: slice('IPv4', [{ addresses: ['::1'] }]),
      want: [
        'endpoints[0].addresses[0]: Invalid value: "::1": must be a valid IPv4 address',
        'endpoints[0].addresses[0]: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    },
    {
      name: 'special addresses',
      obj: slice('IPv4', [{ addresses: ['127.0.0.1', '169.254.1.1', '0.0.0.0'] }]),
      want: [
        'endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'endpoints[0].addresses[1]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        'endpoints[0].addresses[2]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
      ],
    },
    {
      name: 'single-label fqdn',
      obj: slice('FQDN', [{ addresses: ['localhost'] }]),
      want: [
        'endpoints[0].addresses[0]: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
      ],
    },
    {
      name: 'too many endpoints',
      obj: slice('IPv4', many),
      want: ['endpoints: Too many: 1001: must have at most 1000 items'],
    },
    {
      name: 'port problems',
      obj: slice(
        'IPv4',
        [],
        [{ name: 'http', protocol: 'TCP' }, { name: 'http', protocol: 'ICMP' }, { name: 'x' }],
      ),
      want: [
        'ports[1].name: Duplicate value: "http"',
        'ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
        'ports[2].protocol: Required value',
      ],
    },
    {
      name: 'address type immutable',
      obj: slice('IPv6', []),
      old: slice('IPv4', []),
      want: ['addressType: Invalid value: "IPv6": field is immutable'],
    },
  ];
  runCases(endpointSliceValidation, cases, test);
});
