import { goQuote } from '../../apimachinery/field/index.js';

/** A named health check: resolves when healthy, throws (or rejects) with the reason when not. */
export interface HealthCheck {
  readonly name: string;
  check(): void | Promise<void>;
}

/** Which health endpoint is being answered; it names the check in the summary line. */
export type HealthEndpoint = 'healthz' | 'livez' | 'readyz';

/** What the caller reads from the query string: `?verbose` and every `?exclude=`. */
export interface HealthQuery {
  readonly verbose: boolean;
  readonly exclude: readonly string[];
}

/** The outcome of one check as the renderer sees it. */
export type CheckOutcome =
  | { readonly name: string; readonly state: 'ok' }
  | { readonly name: string; readonly state: 'excluded' }
  | { readonly name: string; readonly state: 'failed'; readonly reason: string };

/** A plain-text health answer; `failures` carries the reasons, for the log only. */
export interface HealthResponse {
  readonly status: 200 | 500;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly failures: readonly { readonly name: string; readonly reason: string }[];
}

const TEXT_HEADERS = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };

/** The check every endpoint runs when given none: it always passes. */
export const PING_CHECK: HealthCheck = { name: 'ping', check: () => undefined };

/** Reads `verbose` (present with any value) and `exclude` (repeatable) from a query. Pure. */
export function healthQuery(params: URLSearchParams): HealthQuery {
  return { verbose: params.has('verbose'), exclude: params.getAll('exclude') };
}

/**
 * Renders the answer of `/healthz`, `/livez` or `/readyz` from check outcomes, as upstream
 * does: every check listed as `[+]name ok`, `[+]name excluded: ok` or
 * `[-]name failed: reason withheld` (the reason never reaches the client); exclusions naming
 * no check produce a `warn:` line. Any failure: 500 with the full list and
 * `<endpoint> check failed`. Otherwise 200 with `ok`, or with `?verbose` the list and
 * `<endpoint> check passed`. Pure.
 */
export function renderHealth(
  endpoint: HealthEndpoint,
  outcomes: readonly CheckOutcome[],
  unmatchedExcludes: readonly string[],
  verbose: boolean,
): HealthResponse {
  let list = '';
  const failures: { name: string; reason: string }[] = [];
  for (const o of outcomes) {
    if (o.state === 'excluded') list += `[+]${o.name} excluded: ok\n`;
    else if (o.state === 'ok') list += `[+]${o.name} ok\n`;
    else {
      list += `[-]${o.name} failed: reason withheld\n`;
      failures.push({ name: o.name, reason: o.reason });
    }
  }
  if (unmatchedExcludes.length > 0) {
    const names = [...new Set(unmatchedExcludes)].sort(compareBytes).map(goQuote).join(',');
    list += `warn: some health checks cannot be excluded: no matches for ${names}\n`;
  }
  if (failures.length > 0) {
    // Failures are always verbose; the trailing newline is what Go's http.Error appends.
    return { status: 500, headers: TEXT_HEADERS, body: `${list}${endpoint} check failed\n`, failures };
  }
  return {
    status: 200,
    headers: TEXT_HEADERS,
    body: verbose ? `${list}${endpoint} check passed\n` : 'ok',
    failures,
  };
}

/**
 * Runs the checks not excluded by `query`, one after another in list order (so a slow
 * check never races a later one), and renders the answer. With no checks the ping check
 * stands in. A check that throws anything fails with that value's message. Never rejects.
 */
export async function runHealthChecks(
  endpoint: HealthEndpoint,
  checks: readonly HealthCheck[],
  query: HealthQuery,
): Promise<HealthResponse> {
  const list = checks.length === 0 ? [PING_CHECK] : checks;
  const excluded = new Set(query.exclude);
  const outcomes: CheckOutcome[] = [];
  for (const c of list) {
    if (excluded.delete(c.name)) {
      outcomes.push({ name: c.name, state: 'excluded' });
      continue;
    }
    const reason = await failureOf(c);
    outcomes.push(
      reason === undefined ? { name: c.name, state: 'ok' } : { name: c.name, state: 'failed', reason },
    );
  }
  return renderHealth(endpoint, outcomes, [...excluded], query.verbose);
}

/**
 * The answer of one check's own path (`/healthz/etcd`): 200 `ok`, or 500
 * `internal server error: <reason>` — here the reason is shown, as upstream shows it.
 * Never rejects.
 */
export async function runSingleCheck(check: HealthCheck): Promise<HealthResponse> {
  const reason = await failureOf(check);
  if (reason === undefined) return { status: 200, headers: TEXT_HEADERS, body: 'ok', failures: [] };
  return {
    status: 500,
    headers: TEXT_HEADERS,
    body: `internal server error: ${reason}\n`,
    failures: [{ name: check.name, reason }],
  };
}

async function failureOf(c: HealthCheck): Promise<string | undefined> {
  try {
    await c.check();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
