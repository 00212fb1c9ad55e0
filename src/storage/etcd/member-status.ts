import { EtcdClient, type EtcdTls } from './client.js';
import { parseRevision } from './codec.js';
import { parseEndpoint } from './endpoints.js';

/** What one etcd member says about itself. */
export interface EtcdMemberStatus {
  /** This member's ID (uint64, decimal). */
  readonly memberId: string;
  /** The member it follows as leader, '0' when it knows none. */
  readonly leaderId: string;
  /** Its local store revision. */
  readonly revision: number;
  /** etcd server version, e.g. '3.4.23'. */
  readonly version: string;
  readonly isLearner: boolean;
}

/**
 * Asks one member for its status (Maintenance.Status), without failing over to others. Rejects
 * with StoreError('unavailable' / 'timeout') when it does not answer within `timeoutMs`.
 */
export async function etcdMemberStatus(
  endpoint: string,
  opts: { readonly tls?: EtcdTls; readonly timeoutMs?: number } = {},
): Promise<EtcdMemberStatus> {
  const timeoutMs = opts.timeoutMs ?? 1_000;
  const client = new EtcdClient({
    endpoints: [parseEndpoint(endpoint)],
    ...(opts.tls === undefined ? {} : { tls: opts.tls }),
    dialTimeoutMs: timeoutMs,
    requestTimeoutMs: timeoutMs,
    retryBudgetMs: 0,
  });
  try {
    const s = await client.call('Status', {}, 'read');
    return {
      memberId: s.header.member_id,
      leaderId: s.leader,
      revision: parseRevision(s.header.revision, 'revision'),
      version: s.version,
      isLearner: s.isLearner,
    };
  } finally {
    client.close();
  }
}
