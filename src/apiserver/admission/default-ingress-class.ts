import type { AdmissionAttributes } from '../registry/admission.js';
import { pickDefaultClass } from './default-class.js';
import { RESOURCES } from './resources.js';
import type { AdmissionLookup, AdmissionPlugin } from './types.js';
import { ensureObject, isResource, metadataOf, stringAt, stringMapAt } from './util.js';

/** Upstream's plugin name. */
export const DEFAULT_INGRESS_CLASS = 'DefaultIngressClass';

/** The annotation that marks the default IngressClass. */
export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/**
 * DefaultIngressClass: an Ingress created without spec.ingressClassName and without the legacy
 * `kubernetes.io/ingress.class` annotation gets the default IngressClass's name, when one is
 * marked. Mutates the ingress.
 */
export function defaultIngressClass(lookup: AdmissionLookup): AdmissionPlugin {
  return {
    name: DEFAULT_INGRESS_CLASS,
    async admit(a: AdmissionAttributes): Promise<void> {
      if (a.operation !== 'CREATE' || !isResource(a, 'networking.k8s.io', 'ingresses')) return;
      if (a.subresource !== '' || a.object === undefined) return;
      const spec = ensureObject(a.object, 'spec');
      if (typeof spec['ingressClassName'] === 'string') return;
      const ann = stringMapAt(metadataOf(a.object), 'annotations');
      if ('kubernetes.io/ingress.class' in ann) return;
      const classes = await lookup.list(RESOURCES.ingressClasses, '');
      const def = pickDefaultClass(classes, [DEFAULT_INGRESS_CLASS_ANNOTATION]);
      if (def === undefined) return;
      spec['ingressClassName'] = stringAt(metadataOf(def), 'name');
    },
  };
}
