export { base64Error, quantityError, timeError } from './decoders.js';
export {
  ADDED_KEYS,
  DEFINITIONS,
  type Decoder,
  definitionNameFor,
  deref,
  GO_TYPES,
  goDescriptorElem,
  goDescriptorName,
  goQualifiedName,
  goStructName,
  goTypeOf,
  own,
  refName,
  type SchemaNode,
} from './definitions.js';
export { type JsonNode, JsonSyntaxError, scanJson, toJsonNode } from './json-node.js';
export { decodeFailureMessage, type DecodeError, typeCheck, typeCheckNode } from './type-check.js';
export { findStrictFieldErrors, findUnknownFields, type StrictFieldError } from './unknown-fields.js';
