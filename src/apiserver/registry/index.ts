// The generic registry store: the write and read paths every built-in resource shares, over the
// Store contract, with a small per-resource strategy.
export {
  type Admission,
  type AdmissionAttributes,
  type AdmissionOperation,
  type FinishFunc,
  NO_ADMISSION,
  type RegistryHooks,
} from './admission.js';
export { admissionAttributes, MAX_GENERATE_NAME_ATTEMPTS } from './create.js';
export { deleteSuccessStatus } from './delete.js';
export { type PatchOptions, RegistryStore, type RegistryStoreOptions } from './generic-store.js';
export { type KeyResult, listKeyPrefix, objectKey, REGISTRY_ROOT, resourcePrefix } from './keys.js';
export type { ListObject, ListOptions } from './list.js';
export { fieldSet } from './managed-fields.js';
export { EVENT_TTL_SECONDS, statusStrategyFor, strategyFor } from './strategy.js';
export type {
  CreateOptions,
  DeleteOptions,
  DeleteResult,
  GetOptions,
  JsonObject,
  Preconditions,
  RequestContext,
  Strategy,
  UpdateOptions,
  WriteResult,
} from './types.js';
export { MAX_UPDATE_ATTEMPTS } from './update.js';
