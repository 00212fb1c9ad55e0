import { badRequest, conflict, StatusError } from '../../apimachinery/errors/index.js';
import { validatePodBinding } from '../../api/validation/core-pod/index.js';
import { aggregateMessage } from '../../apimachinery/field/index.js';
import type { JsonObject, RegistryStore, RequestContext } from '../registry/index.js';
import { child, field, isObject, setPodCondition, str, successStatus, updateLatest } from './util.js';

// A failure that is no StatusError upstream: the handler answers 500 with its text and no reason.
function plainFailure(message: string): StatusError {
  return new StatusError({ status: 'Failure', message, code: 500 });
}

/**
 * POST pods/NAME/binding (and the legacy `bindings` resource): assigns the pod to the target node
 * as upstream's BindingREST does. The Binding's name must be the pod's; uid and resourceVersion in
 * its metadata are preconditions; a pod that is being deleted, already bound or scheduling-gated
 * is a 409 on `pods/binding`. The pod gets spec.nodeName, the Binding's annotations and the
 * PodScheduled=True condition in one write. Answers the Success Status.
 *
 * `pods` must write spec and status as given (see rawRegistry).
 */
export async function bindPod(
  pods: RegistryStore,
  ctx: RequestContext,
  name: string,
  binding: JsonObject,
  dryRun: boolean,
): Promise<JsonObject> {
  const meta = field(binding, 'metadata');
  if (str(meta, 'name') !== name) throw badRequest('name in URL does not match name in Binding object');
  const errs = validatePodBinding(binding);
  if (errs.length > 0) throw plainFailure(aggregateMessage(errs));
  const node = str(field(binding, 'target'), 'name');
  const wantUID = str(meta, 'uid');
  const wantRV = str(meta, 'resourceVersion');
  const annotations = isObject(meta['annotations']) ? meta['annotations'] : {};
  const gr = { group: '', resource: 'pods' };
  const refuse = (why: string) => conflict({ group: '', resource: 'pods/binding' }, name, why);
  await updateLatest(
    pods,
    ctx,
    name,
    (pod) => {
      const pm = child(pod, 'metadata');
      if (wantUID !== '' && pm['uid'] !== wantUID) {
        throw conflict(
          gr,
          name,
          `Precondition failed: UID in precondition: ${wantUID}, UID in object meta: ${str(pm, 'uid')}`,
        );
      }
      if (wantRV !== '' && pm['resourceVersion'] !== wantRV) {
        throw conflict(
          gr,
          name,
          `Precondition failed: ResourceVersion in precondition: ${wantRV}, ResourceVersion in object meta: ${str(pm, 'resourceVersion')}`,
        );
      }
      if (typeof pm['deletionTimestamp'] === 'string')
        throw refuse(`pod ${name} is being deleted, cannot be assigned to a host`);
      const spec = child(pod, 'spec');
      const current = str(spec, 'nodeName');
      if (current !== '') throw refuse(`pod ${name} is already assigned to node ${JSON.stringify(current)}`);
      if (Array.isArray(spec['schedulingGates']) && spec['schedulingGates'].length > 0)
        throw refuse(`pod ${name} has non-empty .spec.schedulingGates`);
      spec['nodeName'] = node;
      if (Object.keys(annotations).length > 0)
        pm['annotations'] = { ...(isObject(pm['annotations']) ? pm['annotations'] : {}), ...annotations };
      setPodCondition(child(pod, 'status'), { type: 'PodScheduled', status: 'True' }, ctx.now());
      return pod;
    },
    { dryRun },
  );
  return successStatus();
}
