/**
 * Printers of small core kinds: namespaces, configmaps, secrets, serviceaccounts, resourcequotas
 * and componentstatuses.
 */
import { AGE, column, NAME, simplePrinter } from './columns.js';
import { age, name, quantityValue } from './format.js';
import { mapSize, obj, objList, str } from './json.js';
import type { Printer } from './types.js';

/** Namespaces: STATUS (the phase). */
export const namespacePrinter: Printer = simplePrinter(
  [NAME, column('Status', 'string', 'Lifecycle phase of the namespace.'), AGE],
  (o, ctx) => [name(o), str(o, 'status', 'phase'), age(o, ctx)],
);

/** ConfigMaps: DATA counts data and binaryData keys. */
export const configMapPrinter: Printer = simplePrinter(
  [NAME, column('Data', 'string', 'Number of keys in data and binaryData.'), AGE],
  (o, ctx) => [name(o), mapSize(o, 'data') + mapSize(o, 'binaryData'), age(o, ctx)],
);

/** Secrets: TYPE, DATA. */
export const secretPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Type', 'string', 'Type of the secret.'),
    column('Data', 'string', 'Number of keys in data.'),
    AGE,
  ],
  (o, ctx) => [name(o), str(o, 'type'), mapSize(o, 'data'), age(o, ctx)],
);

/** ServiceAccounts: name and age only (the secrets column is gone since token secrets were). */
export const serviceAccountPrinter: Printer = simplePrinter([NAME, AGE], (o, ctx) => [name(o), age(o, ctx)]);

/**
 * `name: used/hard` pairs of a quota, in resource-name order, split into requests and limits
 * (resources named `limits.*`).
 */
function quotaColumns(o: unknown): [string, string] {
  const hard = obj(o, 'status', 'hard') ?? {};
  const requests: string[] = [];
  const limits: string[] = [];
  for (const resource of Object.keys(hard).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const used = quantityValue(obj(o, 'status', 'used') ?? {}, resource);
    const text = `${resource}: ${used}/${quantityValue(hard, resource)}`;
    const pieces = resource.split('.');
    (pieces.length > 1 && pieces[0] === 'limits' ? limits : requests).push(text);
  }
  return [requests.join(', '), limits.join(', ')];
}

/** ResourceQuotas: REQUEST and LIMIT summaries. */
export const resourceQuotaPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Request', 'string', 'Used and hard amounts of the requests the quota tracks.'),
    column('Limit', 'string', 'Used and hard amounts of the limits the quota tracks.'),
    AGE,
  ],
  (o, ctx) => {
    const [requests, limits] = quotaColumns(o);
    return [name(o), requests, limits, age(o, ctx)];
  },
);

/** ComponentStatuses: STATUS, MESSAGE, ERROR from the first Healthy condition. */
export const componentStatusPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Status', 'string', 'Health of the component.'),
    column('Message', 'string', 'Message of the health condition.'),
    column('Error', 'string', 'Error of the health condition.'),
  ],
  (o) => {
    const c = objList(o, 'conditions').find((cond) => str(cond, 'type') === 'Healthy');
    if (c === undefined) return [name(o), 'Unknown', '', ''];
    return [
      name(o),
      str(c, 'status') === 'True' ? 'Healthy' : 'Unhealthy',
      str(c, 'message'),
      str(c, 'error'),
    ];
  },
);
