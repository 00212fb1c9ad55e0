/**
 * Printers of cluster-level kinds: certificatesigningrequests, leases, priorityclasses,
 * runtimeclasses and apiservices.
 */
import { humanDuration } from '../../apimachinery/duration/index.js';
import { AGE, column, NAME, simplePrinter } from './columns.js';
import { age, name } from './format.js';
import { bool, int, isSet, type Obj, objList, optInt, optStr, str } from './json.js';
import type { Printer } from './types.js';

/** CONDITION of a CSR: Denied, Approved or Pending, then `,Failed` and `,Issued`. */
export function csrCondition(o: Obj): string {
  let approved = false;
  let denied = false;
  let failed = false;
  for (const c of objList(o, 'status', 'conditions')) {
    const type = str(c, 'type');
    if (type === 'Approved') approved = true;
    else if (type === 'Denied') denied = true;
    else if (type === 'Failed') failed = true;
  }
  let status = denied ? 'Denied' : approved ? 'Approved' : 'Pending';
  if (failed) status += ',Failed';
  if (str(o, 'status', 'certificate') !== '') status += ',Issued';
  return status;
}

/** CertificateSigningRequests: AGE, SIGNERNAME, REQUESTOR, REQUESTEDDURATION, CONDITION. */
export const certificateSigningRequestPrinter: Printer = simplePrinter(
  [
    NAME,
    AGE,
    column('SignerName', 'string', 'The signer asked to sign the request.'),
    column('Requestor', 'string', 'The user who created the request.'),
    column('RequestedDuration', 'string', 'Validity the requestor asked for.'),
    column('Condition', 'string', 'Approval and issuance state of the request.'),
  ],
  (o, ctx) => {
    const seconds = optInt(o, 'spec', 'expirationSeconds');
    const signer = str(o, 'spec', 'signerName');
    return [
      name(o),
      age(o, ctx),
      signer === '' ? '<none>' : signer,
      str(o, 'spec', 'username'),
      seconds === undefined ? '<none>' : humanDuration(seconds * 1000),
      csrCondition(o),
    ];
  },
);

/** Leases: HOLDER. */
export const leasePrinter: Printer = simplePrinter(
  [NAME, column('Holder', 'string', 'Identity of the current holder.'), AGE],
  (o, ctx) => [name(o), optStr(o, 'spec', 'holderIdentity') ?? '', age(o, ctx)],
);

/** PriorityClasses: VALUE, GLOBAL-DEFAULT, PREEMPTIONPOLICY. */
export const priorityClassPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Value', 'integer', 'Priority of pods of the class.'),
    column('Global-Default', 'boolean', 'Whether pods without a class get this one.'),
    AGE,
    column('PreemptionPolicy', 'string', 'Whether pods of the class may preempt others.'),
  ],
  (o, ctx) => [
    name(o),
    int(o, 'value'),
    bool(o, 'globalDefault'),
    age(o, ctx),
    optStr(o, 'preemptionPolicy') ?? '',
  ],
);

/** RuntimeClasses: HANDLER. */
export const runtimeClassPrinter: Printer = simplePrinter(
  [NAME, column('Handler', 'string', 'The CRI handler that runs pods of the class.'), AGE],
  (o, ctx) => [name(o), str(o, 'handler'), age(o, ctx)],
);

/** AVAILABLE of an APIService: the Available condition, with its reason unless True. */
export function apiServiceAvailable(o: Obj): string {
  const c = objList(o, 'status', 'conditions').find((cond) => str(cond, 'type') === 'Available');
  if (c === undefined) return 'Unknown';
  const status = str(c, 'status');
  if (status === 'True') return status;
  return str(c, 'reason') !== '' ? `${status} (${str(c, 'reason')})` : status;
}

/** APIServices: SERVICE (`namespace/name` or `Local`), AVAILABLE. */
export const apiServicePrinter: Printer = simplePrinter(
  [
    NAME,
    column('Service', 'string', 'The service that serves the API, or Local.'),
    column('Available', 'string', 'Whether the API is available.'),
    AGE,
  ],
  (o, ctx) => [
    name(o),
    isSet(o, 'spec', 'service')
      ? `${str(o, 'spec', 'service', 'namespace')}/${str(o, 'spec', 'service', 'name')}`
      : 'Local',
    apiServiceAvailable(o),
    age(o, ctx),
  ],
);
