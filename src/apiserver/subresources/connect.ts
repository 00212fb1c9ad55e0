import {
  badRequest,
  invalid,
  notFound,
  serviceUnavailable,
  StatusError,
} from '../../apimachinery/errors/index.js';
import {
  type FieldError,
  forbidden as fieldForbidden,
  invalid as fieldInvalid,
  path,
} from '../../apimachinery/field/index.js';
import type { Query } from '../request/index.js';
import type { JsonObject, RegistryStore, RequestContext } from '../registry/index.js';
import { field, isObject, str } from './util.js';

/**
 * The streaming and proxy subresources (pods/log, exec, attach, portforward, proxy;
 * services/proxy; nodes/proxy). kite has no kubelet connection yet: every check upstream makes
 * before it dials the node or the endpoint is made here with upstream's answers, and what a
 * kubelet would refuse (a container that is waiting or gone) is refused with the kubelet's words.
 * A request that would reach a running container ends in a 500 `error dialing backend`, as when a
 * kubelet cannot be reached. This is partial by design until kite runs containers.
 */
export interface ConnectStores {
  readonly pods: RegistryStore;
  readonly nodes: RegistryStore;
  readonly services?: RegistryStore;
  readonly endpoints?: RegistryStore;
}

// A failure upstream reports without a Status reason (a plain Go error): 500, message only.
function plain(message: string, code = 500): StatusError {
  return new StatusError({ status: 'Failure', message, code });
}

function containerNames(pod: JsonObject, lists: readonly string[]): string[] {
  const spec = field(pod, 'spec');
  const out: string[] = [];
  for (const l of lists) {
    const v = spec[l];
    if (Array.isArray(v)) for (const c of v) if (isObject(c)) out.push(str(c, 'name'));
  }
  return out;
}

const ALL_CONTAINERS = ['initContainers', 'containers', 'ephemeralContainers'];

/** Upstream's validateContainer: the container to use, or the 400 that names the choices. */
export function chooseContainer(pod: JsonObject, requested: string): string {
  const name = str(field(pod, 'metadata'), 'name');
  if (requested === '') {
    const regular = containerNames(pod, ['containers']);
    if (regular.length === 1) return regular[0]!;
    if (regular.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    const all = containerNames(pod, ALL_CONTAINERS);
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
  }
  if (!containerNames(pod, ALL_CONTAINERS).includes(requested))
    throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

function first(q: Query, key: string): string | undefined {
  return q.get(key)?.[0];
}

function int64(q: Query, key: string): number | undefined {
  const v = first(q, key);
  if (v === undefined || v === '') return undefined;
  if (!/^[+-]?[0-9]+$/.test(v))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

function bool(q: Query, key: string): boolean {
  const v = first(q, key);
  if (v === undefined || v === '') return false;
  if (!['1', 't', 'T', 'true', 'TRUE', 'True', '0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v))
    throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v);
}

/** The PodLogOptions of a query, with upstream's ValidatePodLogOptions. */
export interface PodLogOptions {
  readonly container: string;
  readonly follow: boolean;
  readonly previous: boolean;
  readonly timestamps: boolean;
  readonly tailLines?: number;
  readonly limitBytes?: number;
  readonly sinceSeconds?: number;
  readonly sinceTime?: string;
}

/** Reads the PodLogOptions of a pods/log query; 400 for unparsable values. */
export function podLogOptions(q: Query): PodLogOptions {
  const tailLines = int64(q, 'tailLines');
  const limitBytes = int64(q, 'limitBytes');
  const sinceSeconds = int64(q, 'sinceSeconds');
  const sinceTime = first(q, 'sinceTime');
  return {
    container: first(q, 'container') ?? '',
    follow: bool(q, 'follow'),
    previous: bool(q, 'previous'),
    timestamps: bool(q, 'timestamps'),
    ...(tailLines === undefined ? {} : { tailLines }),
    ...(limitBytes === undefined ? {} : { limitBytes }),
    ...(sinceSeconds === undefined ? {} : { sinceSeconds }),
    ...(sinceTime === undefined || sinceTime === '' ? {} : { sinceTime }),
  };
}

/** Upstream's ValidatePodLogOptions. Pure. */
export function validatePodLogOptions(o: PodLogOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (o.tailLines !== undefined && o.tailLines < 0)
    errs.push(fieldInvalid(path('tailLines'), o.tailLines, 'must be greater than or equal to 0'));
  if (o.limitBytes !== undefined && o.limitBytes < 1)
    errs.push(fieldInvalid(path('limitBytes'), o.limitBytes, 'must be greater than 0'));
  if (o.sinceSeconds !== undefined && o.sinceTime !== undefined) {
    errs.push(fieldForbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  } else if (o.sinceSeconds !== undefined && o.sinceSeconds < 1) {
    errs.push(fieldInvalid(path('sinceSeconds'), o.sinceSeconds, 'must be greater than 0'));
  }
  return errs;
}

// The node a pod runs on must exist and report an address, as upstream's connection lookup needs.
async function nodeConnection(stores: ConnectStores, ctx: RequestContext, nodeName: string): Promise<void> {
  const node = await stores.nodes.get({ ...ctx, namespace: '' }, nodeName);
  const addresses = field(node, 'status')['addresses'];
  const list = Array.isArray(addresses) ? addresses.filter(isObject) : [];
  if (list.length === 0) throw plain('no preferred addresses found; known addresses: []');
}

function noBackend(nodeName: string): StatusError {
  return plain(`error dialing backend: kite has no kubelet connection to node ${JSON.stringify(nodeName)}`);
}

// The kubelet's validateContainerLogStatus: why a container has no logs to show (400 as the
// kubelet answers), or undefined when it has some.
function kubeletLogRefusal(pod: JsonObject, container: string, previous: boolean): string | undefined {
  const podName = str(field(pod, 'metadata'), 'name');
  const status = field(pod, 'status');
  let cs: JsonObject | undefined;
  for (const l of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
    const v = status[l];
    if (!Array.isArray(v)) continue;
    cs = v.filter(isObject).find((c) => c['name'] === container);
    if (cs !== undefined) break;
  }
  const q = (s: string) => JSON.stringify(s);
  if (cs === undefined) return `container ${q(container)} in pod ${q(podName)} is not available`;
  const state = field(cs, 'state');
  const last = field(cs, 'lastState');
  const lastTerminated = isObject(last['terminated']) ? last['terminated'] : undefined;
  if (previous) {
    if (lastTerminated === undefined || str(lastTerminated, 'containerID') === '')
      return `previous terminated container ${q(container)} in pod ${q(podName)} not found`;
    return undefined;
  }
  if (isObject(state['running'])) return undefined;
  if (isObject(state['terminated'])) {
    if (str(state['terminated'], 'containerID') !== '') return undefined;
    if (lastTerminated !== undefined && str(lastTerminated, 'containerID') !== '') return undefined;
    return `container ${q(container)} in pod ${q(podName)} is terminated`;
  }
  if (lastTerminated !== undefined) {
    if (str(lastTerminated, 'containerID') === '')
      return `container ${q(container)} in pod ${q(podName)} is terminated`;
    return undefined;
  }
  if (isObject(state['waiting'])) {
    const reason = str(state['waiting'], 'reason');
    if (reason === 'ErrImagePull')
      return `container ${q(container)} in pod ${q(podName)} is waiting to start: image can't be pulled`;
    if (reason === 'ImagePullBackOff')
      return `container ${q(container)} in pod ${q(podName)} is waiting to start: trying and failing to pull image`;
    return `container ${q(container)} in pod ${q(podName)} is waiting to start: ${reason}`;
  }
  return `container ${q(container)} in pod ${q(podName)} is waiting to start - no logs yet`;
}

/**
 * GET pods/NAME/log: validates the options (422 `PodLogOptions "x" is invalid`), picks the
 * container (400 when ambiguous or unknown), and answers an empty log for a pod not yet on a node,
 * as upstream does. For a bound pod the node must exist with an address; then the kubelet's own
 * refusals apply (a waiting container: 400 `container "c" in pod "x" is waiting to start: ...`).
 * Returns the log text.
 */
export async function podLog(
  stores: ConnectStores,
  ctx: RequestContext,
  name: string,
  q: Query,
): Promise<string> {
  const opts = podLogOptions(q);
  const errs = validatePodLogOptions(opts);
  if (errs.length > 0) throw invalid({ group: '', kind: 'PodLogOptions' }, name, errs);
  const pod = await stores.pods.get(ctx, name);
  const container = chooseContainer(pod, opts.container);
  const nodeName = str(field(pod, 'spec'), 'nodeName');
  if (nodeName === '') return '';
  await nodeConnection(stores, ctx, nodeName);
  const refusal = kubeletLogRefusal(pod, container, opts.previous);
  if (refusal !== undefined) throw badRequest(refusal);
  throw noBackend(nodeName);
}

/**
 * pods/NAME/exec, attach and portforward (connect requests): the pod must exist, the container
 * must be chosen (exec and attach), and the pod must be on a node: 400 `pod x does not have a
 * host assigned` otherwise; the node must exist with an address. Always throws: kite cannot
 * reach a kubelet yet.
 */
export async function podStream(
  stores: ConnectStores,
  ctx: RequestContext,
  name: string,
  kind: 'exec' | 'attach' | 'portforward',
  q: Query,
): Promise<never> {
  const pod = await stores.pods.get(ctx, name);
  if (kind !== 'portforward') chooseContainer(pod, first(q, 'container') ?? '');
  const nodeName = str(field(pod, 'spec'), 'nodeName');
  if (nodeName === '') throw badRequest(`pod ${name} does not have a host assigned`);
  await nodeConnection(stores, ctx, nodeName);
  throw noBackend(nodeName);
}

/** Upstream's utilnet.SplitSchemeNamePort: `name`, `name:port` or `scheme:name:port`. Pure. */
export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(':');
  let scheme = '';
  let name = '';
  let port = '';
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) [name, port] = [parts[0]!, parts[1]!];
  else if (parts.length === 3) [scheme, name, port] = [parts[0]!, parts[1]!, parts[2]!];
  else return undefined;
  if (name === '' || !['', 'http', 'https'].includes(scheme)) return undefined;
  return { scheme, name, port };
}

// Whether `ip` is a global unicast address, as Go's net.IP.IsGlobalUnicast decides.
function isGlobalUnicast(ip: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4 !== null) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    if ([a, b, c, d].some((x) => x > 255)) return false;
    if (a === 0 || a === 127 || a >= 224) return false;
    if (a === 169 && b === 254) return false;
    return !(a === 255 && b === 255 && c === 255 && d === 255);
  }
  if (!ip.includes(':')) return false;
  const lower = ip.toLowerCase();
  return !(lower === '::' || lower === '::1' || lower.startsWith('fe80:') || lower.startsWith('ff'));
}

/** pods/NAME[:port]/proxy: the id must parse and the pod must have a routable IP (400 otherwise). */
export async function podProxy(stores: ConnectStores, ctx: RequestContext, id: string): Promise<never> {
  const parts = splitSchemeNamePort(id);
  if (parts === undefined) throw badRequest(`invalid pod request ${JSON.stringify(id)}`);
  const pod = await stores.pods.get(ctx, parts.name);
  const status = field(pod, 'status');
  const ips = status['podIPs'];
  const ip = Array.isArray(ips) && isObject(ips[0]) ? str(ips[0], 'ip') : '';
  if (!isGlobalUnicast(ip)) throw badRequest('address not allowed');
  throw plain(`error trying to reach service: kite does not proxy to pod ${JSON.stringify(parts.name)}`, 503);
}

/**
 * services/NAME[:port]/proxy: a port number must be one of the service's ports (503 otherwise),
 * and the service must have endpoints (503 `no endpoints available for service "x"`).
 */
export async function serviceProxy(stores: ConnectStores, ctx: RequestContext, id: string): Promise<never> {
  const parts = splitSchemeNamePort(id);
  if (parts === undefined) throw badRequest(`invalid service request ${JSON.stringify(id)}`);
  if (/^[+-]?[0-9]+$/.test(parts.port) && stores.services !== undefined) {
    const svc = await stores.services.get(ctx, parts.name);
    const ports = field(svc, 'spec')['ports'];
    const n = Number(parts.port);
    const found = Array.isArray(ports) && ports.some((p) => isObject(p) && p['port'] === n);
    if (!found)
      throw serviceUnavailable(`no service port ${n} found for service ${JSON.stringify(parts.name)}`);
  }
  if (stores.endpoints === undefined) throw notFound({ group: '', resource: 'endpoints' }, parts.name);
  const eps = await stores.endpoints.get(ctx, parts.name);
  const subsets = eps['subsets'];
  if (!Array.isArray(subsets) || subsets.length === 0)
    throw serviceUnavailable(`no endpoints available for service ${JSON.stringify(parts.name)}`);
  throw plain(
    `error trying to reach service: kite does not proxy to service ${JSON.stringify(parts.name)}`,
    503,
  );
}

/** nodes/NAME[:port]/proxy: the node must exist with an address; kite cannot dial it yet. */
export async function nodeProxy(stores: ConnectStores, ctx: RequestContext, id: string): Promise<never> {
  const parts = splitSchemeNamePort(id);
  if (parts === undefined) throw badRequest(`invalid node request ${JSON.stringify(id)}`);
  await nodeConnection(stores, ctx, parts.name);
  throw noBackend(parts.name);
}
