export { validationFor, validations } from './registry.js';
export type { JsonObject, KindValidation, KindValidations } from './types.js';
