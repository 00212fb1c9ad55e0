// The orderings upstream derives from hashes of Go values: Endpoints ports and subsets are sorted by
// the MD5 of their spew `%#v` rendering, EndpointSlice ports by the FNV-128a of the same rendering.
// Only the shapes these controllers hash are rendered, field by field in Go declaration order.
import { createHash } from 'node:crypto';
import type {
  EndpointAddress,
  EndpointPort,
  EndpointSubset,
  ObjectReference,
} from 'kubernetes-types/core/v1.js';
import type { EndpointPort as SlicePort } from 'kubernetes-types/discovery/v1.js';

const optString = (type: string, v: string | undefined): string => `(${type})${v ?? '<nil>'}`;

function objectReference(r: ObjectReference | undefined): string {
  if (r === undefined) return '(*v1.ObjectReference)<nil>';
  return (
    `(*v1.ObjectReference){Kind:(string)${r.kind ?? ''} Namespace:(string)${r.namespace ?? ''} ` +
    `Name:(string)${r.name ?? ''} UID:(types.UID)${r.uid ?? ''} APIVersion:(string)${r.apiVersion ?? ''} ` +
    `ResourceVersion:(string)${r.resourceVersion ?? ''} FieldPath:(string)${r.fieldPath ?? ''}}`
  );
}

// Fields of a core/v1 EndpointPort, without the leading type (elements of slices omit it).
function endpointPortFields(p: EndpointPort): string {
  return (
    `{Name:(string)${p.name ?? ''} Port:(int32)${p.port} Protocol:(v1.Protocol)${p.protocol ?? ''} ` +
    `AppProtocol:${optString('*string', p.appProtocol)}}`
  );
}

function endpointAddressFields(a: EndpointAddress): string {
  return (
    `{IP:(string)${a.ip} Hostname:(string)${a.hostname ?? ''} NodeName:${optString('*string', a.nodeName)} ` +
    `TargetRef:${objectReference(a.targetRef)}}`
  );
}

function slice<T>(type: string, items: readonly T[] | undefined, render: (item: T) => string): string {
  if (items === undefined || items.length === 0) return `([]${type})<nil>`;
  return `([]${type})[${items.map(render).join(' ')}]`;
}

/** The spew `%#v` rendering of a core/v1 EndpointPort. Pure. */
export function renderEndpointPort(p: EndpointPort): string {
  return `(v1.EndpointPort)${endpointPortFields(p)}`;
}

/** The spew `%#v` rendering of a core/v1 EndpointSubset (empty lists render as nil). Pure. */
export function renderEndpointSubset(s: EndpointSubset): string {
  return (
    `(v1.EndpointSubset){Addresses:${slice('v1.EndpointAddress', s.addresses, endpointAddressFields)} ` +
    `NotReadyAddresses:${slice('v1.EndpointAddress', s.notReadyAddresses, endpointAddressFields)} ` +
    `Ports:${slice('v1.EndpointPort', s.ports, endpointPortFields)}}`
  );
}

function slicePortFields(p: SlicePort): string {
  return (
    `{Name:${optString('*string', p.name)} Protocol:${optString('*v1.Protocol', p.protocol)} ` +
    `Port:${optString('*int32', p.port === undefined ? undefined : String(p.port))} ` +
    `AppProtocol:${optString('*string', p.appProtocol)}}`
  );
}

/** The spew `%#v` rendering of a discovery/v1 EndpointPort. Pure. */
export function renderSlicePort(p: SlicePort): string {
  return `(v1.EndpointPort)${slicePortFields(p)}`;
}

/** The spew `%#v` rendering of a list of discovery/v1 EndpointPorts (empty renders as `[]`). Pure. */
export function renderSlicePorts(ports: readonly SlicePort[]): string {
  return `([]v1.EndpointPort)[${ports.map(slicePortFields).join(' ')}]`;
}

/** MD5 of `text` as bytes (compared bytewise, as Go's bytes.Compare). Pure. */
export function md5(text: string): Buffer {
  return createHash('md5').update(text, 'utf8').digest();
}

const FNV128_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV128_PRIME = 0x0000000001000000000000000000013bn;
const MASK128 = (1n << 128n) - 1n;

/** FNV-1a 128-bit of the UTF-8 bytes of `text`, as 32 lowercase hex digits. Pure. */
export function fnv128aHex(text: string): string {
  let h = FNV128_OFFSET;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= BigInt(b);
    h = (h * FNV128_PRIME) & MASK128;
  }
  return h.toString(16).padStart(32, '0');
}
