/**
 * TypeScript shapes of the etcd messages declared in `proto.ts`, as proto-loader encodes and
 * decodes them: snake_case names, int64 as decimal strings on the way in (numbers are accepted
 * on the way out), bytes as Buffers, enums by name, absent fields present with defaults.
 */

/** Any int64 the encoder accepts. */
export type Int64 = number | string;

export interface ResponseHeader {
  readonly cluster_id: string;
  readonly member_id: string;
  readonly revision: string;
  readonly raft_term: string;
}

export interface RawKeyValue {
  readonly key: Buffer;
  readonly create_revision: string;
  readonly mod_revision: string;
  readonly version: string;
  readonly value: Buffer;
  readonly lease: string;
}

export interface RangeRequest {
  key: Buffer;
  range_end?: Buffer;
  limit?: Int64;
  revision?: Int64;
  serializable?: boolean;
  keys_only?: boolean;
  count_only?: boolean;
}

export interface RangeResponse {
  readonly header: ResponseHeader;
  readonly kvs: readonly RawKeyValue[];
  readonly more: boolean;
  readonly count: string;
}

export interface PutRequest {
  key: Buffer;
  value: Buffer;
  lease?: Int64;
  prev_kv?: boolean;
}

export interface PutResponse {
  readonly header: ResponseHeader;
  readonly prev_kv: RawKeyValue | null;
}

export interface DeleteRangeRequest {
  key: Buffer;
  range_end?: Buffer;
  prev_kv?: boolean;
}

export interface DeleteRangeResponse {
  readonly header: ResponseHeader;
  readonly deleted: string;
  readonly prev_kvs: readonly RawKeyValue[];
}

export type RequestOp =
  | { request_range: RangeRequest }
  | { request_put: PutRequest }
  | { request_delete_range: DeleteRangeRequest };

export interface ResponseOp {
  readonly response?: 'response_range' | 'response_put' | 'response_delete_range';
  readonly response_range: RangeResponse | null;
  readonly response_put: PutResponse | null;
  readonly response_delete_range: DeleteRangeResponse | null;
}

export type CompareResult = 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';

export type Compare =
  | { result: CompareResult; target: 'VERSION'; key: Buffer; version: Int64 }
  | { result: CompareResult; target: 'CREATE'; key: Buffer; create_revision: Int64 }
  | { result: CompareResult; target: 'MOD'; key: Buffer; mod_revision: Int64 };

export interface TxnRequest {
  compare: Compare[];
  success: RequestOp[];
  failure: RequestOp[];
}

export interface TxnResponse {
  readonly header: ResponseHeader;
  readonly succeeded: boolean;
  readonly responses: readonly ResponseOp[];
}

export interface CompactionRequest {
  revision: Int64;
  physical?: boolean;
}

export interface CompactionResponse {
  readonly header: ResponseHeader;
}

export interface WatchCreateRequest {
  key: Buffer;
  range_end?: Buffer;
  start_revision?: Int64;
  progress_notify?: boolean;
  prev_kv?: boolean;
  fragment?: boolean;
}

export type WatchRequest =
  | { create_request: WatchCreateRequest }
  | { cancel_request: { watch_id: Int64 } }
  | { progress_request: Record<string, never> };

export interface RawEvent {
  readonly type: 'PUT' | 'DELETE';
  readonly kv: RawKeyValue | null;
  readonly prev_kv: RawKeyValue | null;
}

export interface WatchResponse {
  readonly header: ResponseHeader | null;
  readonly watch_id: string;
  readonly created: boolean;
  readonly canceled: boolean;
  readonly compact_revision: string;
  readonly cancel_reason: string;
  readonly fragment: boolean;
  readonly events: readonly RawEvent[];
}

export interface LeaseGrantRequest {
  TTL: Int64;
  ID?: Int64;
}

export interface LeaseGrantResponse {
  readonly header: ResponseHeader;
  readonly ID: string;
  readonly TTL: string;
  readonly error: string;
}

export type StatusRequest = Record<string, never>;

export interface StatusResponse {
  readonly header: ResponseHeader;
  readonly version: string;
  readonly dbSize: string;
  readonly leader: string;
  readonly raftIndex: string;
  readonly raftTerm: string;
  readonly errors: readonly string[];
  readonly isLearner: boolean;
}

/** The unary RPCs used, by method name: [service, request, response]. */
export interface UnaryMethods {
  Range: ['KV', RangeRequest, RangeResponse];
  Txn: ['KV', TxnRequest, TxnResponse];
  Compact: ['KV', CompactionRequest, CompactionResponse];
  LeaseGrant: ['Lease', LeaseGrantRequest, LeaseGrantResponse];
  Status: ['Maintenance', StatusRequest, StatusResponse];
}

/** The service each unary method belongs to (the runtime side of `UnaryMethods`). */
export const UNARY_SERVICE: { readonly [M in keyof UnaryMethods]: UnaryMethods[M][0] } = {
  Range: 'KV',
  Txn: 'KV',
  Compact: 'KV',
  LeaseGrant: 'Lease',
  Status: 'Maintenance',
};
