// Kubernetes' protobuf wire format for built-in types: `k8s\0` + runtime.Unknown around the object's
// generated.proto message, driven by the generated field table in src/api/generated/proto-fields.json.
export { decodeMessage, ProtobufDecodeError } from './decode.js';
export { encodeMessage, type Json, type JsonObject, ProtobufEncodeError } from './encode.js';
export {
  type DecodeDefaults,
  type DecodeResult,
  decodeObject,
  encodeObject,
  hasProtobufForm,
  PROTOBUF_CONTENT_TYPE,
  PROTOBUF_MAGIC,
  protobufDefinitionFor,
} from './envelope.js';
