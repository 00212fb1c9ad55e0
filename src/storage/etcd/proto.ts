/**
 * The subset of etcd's v3 gRPC API that the backend speaks, as a protobufjs JSON descriptor.
 * Message, field and service names and field numbers are etcd's wire interface
 * (etcdserverpb/rpc.proto, mvccpb/kv.proto); only the messages and RPCs used here are declared.
 * Kept in TypeScript rather than as `.proto` files so that the compiled output needs no copy step.
 */
import * as protoLoader from '@grpc/proto-loader';

/** `name: [type, field number]`; a type starting with `repeated ` declares a repeated field. */
type FieldSpec = Readonly<Record<string, readonly [string, number]>>;

interface FieldJson {
  type: string;
  id: number;
  rule?: string;
}

function fields(spec: FieldSpec): Record<string, FieldJson> {
  const out: Record<string, FieldJson> = {};
  for (const [name, [type, id]] of Object.entries(spec)) {
    out[name] = type.startsWith('repeated ') ? { type: type.slice(9), id, rule: 'repeated' } : { type, id };
  }
  return out;
}

function message(spec: FieldSpec, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { fields: fields(spec), ...extra };
}

function unary(requestType: string, responseType: string) {
  return { requestType, responseType, comment: '' };
}

function bidi(requestType: string, responseType: string) {
  return { requestType, responseType, requestStream: true, responseStream: true, comment: '' };
}

const header = ['ResponseHeader', 1] as const;

const descriptor = {
  nested: {
    mvccpb: {
      nested: {
        KeyValue: message({
          key: ['bytes', 1],
          create_revision: ['int64', 2],
          mod_revision: ['int64', 3],
          version: ['int64', 4],
          value: ['bytes', 5],
          lease: ['int64', 6],
        }),
        Event: message(
          { type: ['EventType', 1], kv: ['KeyValue', 2], prev_kv: ['KeyValue', 3] },
          { nested: { EventType: { values: { PUT: 0, DELETE: 1 } } } },
        ),
      },
    },
    etcdserverpb: {
      nested: {
        ResponseHeader: message({
          cluster_id: ['uint64', 1],
          member_id: ['uint64', 2],
          revision: ['int64', 3],
          raft_term: ['uint64', 4],
        }),
        RangeRequest: message({
          key: ['bytes', 1],
          range_end: ['bytes', 2],
          limit: ['int64', 3],
          revision: ['int64', 4],
          serializable: ['bool', 7],
          keys_only: ['bool', 8],
          count_only: ['bool', 9],
        }),
        RangeResponse: message({
          header,
          kvs: ['repeated mvccpb.KeyValue', 2],
          more: ['bool', 3],
          count: ['int64', 4],
        }),
        PutRequest: message({
          key: ['bytes', 1],
          value: ['bytes', 2],
          lease: ['int64', 3],
          prev_kv: ['bool', 4],
        }),
        PutResponse: message({ header, prev_kv: ['mvccpb.KeyValue', 2] }),
        DeleteRangeRequest: message({ key: ['bytes', 1], range_end: ['bytes', 2], prev_kv: ['bool', 3] }),
        DeleteRangeResponse: message({
          header,
          deleted: ['int64', 2],
          prev_kvs: ['repeated mvccpb.KeyValue', 3],
        }),
        RequestOp: message(
          {
            request_range: ['RangeRequest', 1],
            request_put: ['PutRequest', 2],
            request_delete_range: ['DeleteRangeRequest', 3],
          },
          { oneofs: { request: { oneof: ['request_range', 'request_put', 'request_delete_range'] } } },
        ),
        ResponseOp: message(
          {
            response_range: ['RangeResponse', 1],
            response_put: ['PutResponse', 2],
            response_delete_range: ['DeleteRangeResponse', 3],
          },
          { oneofs: { response: { oneof: ['response_range', 'response_put', 'response_delete_range'] } } },
        ),
        Compare: message(
          {
            result: ['CompareResult', 1],
            target: ['CompareTarget', 2],
            key: ['bytes', 3],
            version: ['int64', 4],
            create_revision: ['int64', 5],
            mod_revision: ['int64', 6],
            value: ['bytes', 7],
            lease: ['int64', 8],
            range_end: ['bytes', 64],
          },
          {
            oneofs: {
              target_union: { oneof: ['version', 'create_revision', 'mod_revision', 'value', 'lease'] },
            },
            nested: {
              CompareResult: { values: { EQUAL: 0, GREATER: 1, LESS: 2, NOT_EQUAL: 3 } },
              CompareTarget: { values: { VERSION: 0, CREATE: 1, MOD: 2, VALUE: 3, LEASE: 4 } },
            },
          },
        ),
        TxnRequest: message({
          compare: ['repeated Compare', 1],
          success: ['repeated RequestOp', 2],
          failure: ['repeated RequestOp', 3],
        }),
        TxnResponse: message({ header, succeeded: ['bool', 2], responses: ['repeated ResponseOp', 3] }),
        CompactionRequest: message({ revision: ['int64', 1], physical: ['bool', 2] }),
        CompactionResponse: message({ header }),
        WatchRequest: message(
          {
            create_request: ['WatchCreateRequest', 1],
            cancel_request: ['WatchCancelRequest', 2],
            progress_request: ['WatchProgressRequest', 3],
          },
          { oneofs: { request_union: { oneof: ['create_request', 'cancel_request', 'progress_request'] } } },
        ),
        WatchCreateRequest: message({
          key: ['bytes', 1],
          range_end: ['bytes', 2],
          start_revision: ['int64', 3],
          progress_notify: ['bool', 4],
          prev_kv: ['bool', 6],
          watch_id: ['int64', 7],
          fragment: ['bool', 8],
        }),
        WatchCancelRequest: message({ watch_id: ['int64', 1] }),
        WatchProgressRequest: message({}),
        WatchResponse: message({
          header,
          watch_id: ['int64', 2],
          created: ['bool', 3],
          canceled: ['bool', 4],
          compact_revision: ['int64', 5],
          cancel_reason: ['string', 6],
          fragment: ['bool', 7],
          events: ['repeated mvccpb.Event', 11],
        }),
        LeaseGrantRequest: message({ TTL: ['int64', 1], ID: ['int64', 2] }),
        LeaseGrantResponse: message({ header, ID: ['int64', 2], TTL: ['int64', 3], error: ['string', 4] }),
        StatusRequest: message({}),
        StatusResponse: message({
          header,
          version: ['string', 2],
          dbSize: ['int64', 3],
          leader: ['uint64', 4],
          raftIndex: ['uint64', 5],
          raftTerm: ['uint64', 6],
          raftAppliedIndex: ['uint64', 7],
          errors: ['repeated string', 8],
          dbSizeInUse: ['int64', 9],
          isLearner: ['bool', 10],
        }),
        KV: {
          methods: {
            Range: unary('RangeRequest', 'RangeResponse'),
            Put: unary('PutRequest', 'PutResponse'),
            DeleteRange: unary('DeleteRangeRequest', 'DeleteRangeResponse'),
            Txn: unary('TxnRequest', 'TxnResponse'),
            Compact: unary('CompactionRequest', 'CompactionResponse'),
          },
        },
        Watch: { methods: { Watch: bidi('WatchRequest', 'WatchResponse') } },
        Lease: { methods: { LeaseGrant: unary('LeaseGrantRequest', 'LeaseGrantResponse') } },
        Maintenance: { methods: { Status: unary('StatusRequest', 'StatusResponse') } },
      },
    },
  },
};

/**
 * Builds the gRPC package definition (pure; call once per client). Field names keep etcd's
 * snake_case, 64-bit integers decode as decimal strings (lease IDs exceed 2^53), bytes as
 * Buffers, enums as their names, and absent fields as their defaults.
 */
export function etcdPackageDefinition(): protoLoader.PackageDefinition {
  return protoLoader.fromJSON(descriptor, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
}
