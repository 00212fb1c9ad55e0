export { type Action, allOperations, type Method, type Operation, type QueryParam } from './operations.js';
export {
  type JsonObject,
  type OpenAPIOptions,
  openAPIV2Document,
  publishedDefinition,
  publishedDefinitions,
} from './v2.js';
export { openAPIV3Document, openAPIV3Hash, openAPIV3Index } from './v3.js';
