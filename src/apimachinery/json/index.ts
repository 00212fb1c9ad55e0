export { GO_JSON_MAX_DEPTH, GoJSONSyntaxError, type Scanned, scanGoJSON } from './go-json-scan.js';
export { plainValue } from './plain.js';

/**
 * How deeply kite lets a request body (an object, a patch) nest. Go's decoders stop at 10000
 * levels; kite stops earlier because defaulting, validation, patching and storage encoding walk
 * objects recursively and would exhaust the stack long before 10000. No real object comes near.
 */
export const MAX_OBJECT_DEPTH = 500;
