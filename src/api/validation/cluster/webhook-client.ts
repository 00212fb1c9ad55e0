import { type FieldError, type FieldPath, invalid, required } from '../../../apimachinery/field/index.js';
import { isDNS1123Subdomain, isValidPortNum } from '../../../apimachinery/validation/index.js';

/** The parts of a URL that webhook validation looks at, as Go's url.Parse splits them. */
interface UrlParts {
  readonly scheme: string;
  readonly host: string;
  readonly user: string | undefined;
  readonly fragment: string;
  readonly rawQuery: string;
}

function parseUrl(raw: string): UrlParts | string {
  for (const ch of raw) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c === 0x7f)
      return `parse ${JSON.stringify(raw)}: net/url: invalid control character in URL`;
  }
  let rest = raw;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (m !== null) {
    scheme = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (rest.startsWith(':')) {
    return `parse ${JSON.stringify(raw)}: missing protocol scheme`;
  }
  let rawQuery = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let host = '';
  let user: string | undefined;
  if (rest.startsWith('//')) {
    const authEnd = rest.indexOf('/', 2);
    let authority = authEnd < 0 ? rest.slice(2) : rest.slice(2, authEnd);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      user = authority.slice(0, at);
      authority = authority.slice(at + 1);
    }
    host = authority;
  }
  return { scheme, host, user, fragment, rawQuery };
}

const form = '; desired format: https://host[/path]';

/** A webhook URL: https only, a host, no user info, fragment or query (upstream's ValidateWebhookURL). */
export function validateWebhookURL(fldPath: FieldPath, raw: string, forceHttps: boolean): FieldError[] {
  const u = parseUrl(raw);
  if (typeof u === 'string') return [required(fldPath, `url must be a valid URL: ${u}${form}`)];
  const errs: FieldError[] = [];
  if (forceHttps && u.scheme !== 'https') {
    errs.push(invalid(fldPath, u.scheme, `'https' is the only allowed URL scheme${form}`));
  }
  if (u.host === '') errs.push(invalid(fldPath, u.host, `host must be specified${form}`));
  if (u.user !== undefined)
    errs.push(invalid(fldPath, u.user, 'user information is not permitted in the URL'));
  if (u.fragment !== '') errs.push(invalid(fldPath, u.fragment, 'fragments are not permitted in the URL'));
  if (u.rawQuery !== '')
    errs.push(invalid(fldPath, u.rawQuery, 'query parameters are not permitted in the URL'));
  return errs;
}

/**
 * A webhook service reference. Upstream passes name and namespace in swapped order to its
 * shared check, so a missing namespace is reported at `name` and a missing name at
 * `namespace`; kept, since clients see those paths.
 */
export function validateWebhookService(
  fldPath: FieldPath,
  name: string,
  namespace: string,
  servicePath: string | undefined,
  port: number,
): FieldError[] {
  const errs: FieldError[] = [];
  if (namespace === '') errs.push(required(fldPath.child('name')));
  if (name === '') errs.push(required(fldPath.child('namespace')));
  const portErrs = isValidPortNum(port);
  if (portErrs.length > 0)
    errs.push(invalid(fldPath.child('port'), port, `port is not valid: ${portErrs.join(', ')}`));
  if (servicePath === undefined || servicePath === '/' || servicePath === '') return errs;
  const pp = fldPath.child('path');
  if (servicePath === '//') return [...errs, invalid(pp, servicePath, 'segment[0] may not be empty')];
  if (!servicePath.startsWith('/')) errs.push(invalid(pp, servicePath, "must start with a '/'"));
  let check = servicePath.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (step === '') {
      errs.push(invalid(pp, servicePath, `segment[${i}] may not be empty`));
      return;
    }
    for (const m of isDNS1123Subdomain(step)) errs.push(invalid(pp, servicePath, `segment[${i}]: ${m}`));
  });
  return errs;
}
