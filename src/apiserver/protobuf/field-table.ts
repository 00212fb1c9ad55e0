import table from '../../api/generated/proto-fields.json' with { type: 'json' };

/** One protobuf field of a Kubernetes message, as generated from upstream `generated.proto` files. */
export interface FieldSpec {
  /** JSON property name; absent for an embedded Go struct whose fields are inlined into the parent. */
  readonly jsonName?: string;
  readonly inline?: boolean;
  readonly number: number;
  /** A scalar (`string`, `int64`, ...), an OpenAPI definition name, or `map<key,value>`. */
  readonly type: string;
  readonly repeated: boolean;
  readonly optional: boolean;
  /** A non-pointer omitempty scalar: its zero value means "unset" and is not shown in JSON. */
  readonly omitZero?: boolean;
}

/** A message: its fields in field-number order; `wrapper` messages stand for a bare JSON list. */
export interface MessageSpec {
  readonly wrapper?: boolean;
  readonly fields: readonly FieldSpec[];
}

const MESSAGES: Readonly<Record<string, MessageSpec>> = table;

/** The message spec for an OpenAPI definition name, or undefined when it has no protobuf form. */
export function messageSpec(name: string): MessageSpec | undefined {
  return Object.hasOwn(MESSAGES, name) ? MESSAGES[name] : undefined;
}

/** Splits `map<k,v>` into its key and value types; undefined for any other type. */
export function mapTypes(type: string): { key: string; value: string } | undefined {
  const m = /^map<([^,]+),([^>]+)>$/.exec(type);
  return m ? { key: m[1]!, value: m[2]! } : undefined;
}

/** Scalar protobuf types that appear in Kubernetes messages. */
export const SCALAR_TYPES: ReadonlySet<string> = new Set([
  'string',
  'bytes',
  'bool',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'double',
  'float',
]);

/** Definitions with a hand-written JSON form. */
export const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
export const MICRO_TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
export const FIELDS_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1';
const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';
export const EXT_JSON = APIEXT + 'JSON';
export const PROPS_OR_ARRAY = APIEXT + 'JSONSchemaPropsOrArray';
export const PROPS_OR_BOOL = APIEXT + 'JSONSchemaPropsOrBool';
export const PROPS_OR_STRING_ARRAY = APIEXT + 'JSONSchemaPropsOrStringArray';
export const JSON_SCHEMA_PROPS = APIEXT + 'JSONSchemaProps';
