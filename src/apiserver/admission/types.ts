import type { ResourceInfo } from '../../api/index.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { JsonObject } from '../registry/types.js';

/**
 * How admission plugins read other objects (namespaces, service accounts, priority classes,
 * limit ranges...). The server implements it over its registries (see lookupOverRegistries);
 * tests may implement it over plain maps. Reads must not be cached across writes the caller
 * made: plugins rely on them being current.
 */
export interface AdmissionLookup {
  /** The object, or undefined when it does not exist. `namespace` is '' for cluster-scoped kinds. */
  get(info: ResourceInfo, namespace: string, name: string): Promise<JsonObject | undefined>;
  /** Every object of the resource in `namespace` ('' for cluster-scoped kinds). */
  list(info: ResourceInfo, namespace: string): Promise<JsonObject[]>;
}

/**
 * One admission plugin, as upstream's admission.Interface with its MutationInterface
 * (`admit`) and ValidationInterface (`validate`). A plugin implements only the phases it uses;
 * both reject with a StatusError to refuse the request. `admit` may change `a.object` in place;
 * `validate` must not.
 */
export interface AdmissionPlugin {
  /** Upstream's plugin name (`NamespaceLifecycle`, `LimitRanger`, ...). */
  readonly name: string;
  admit?(a: AdmissionAttributes): Promise<void>;
  validate?(a: AdmissionAttributes): Promise<void>;
}
