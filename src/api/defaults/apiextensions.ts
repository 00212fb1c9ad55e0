/** Defaults for apiextensions.k8s.io/v1 CustomResourceDefinition. */
import type { JsonObject } from './json.js';
import { child, defaultPtr, eachObject, ensure, isEmptyList, own } from './json.js';

/**
 * CustomResourceDefinition: singular name and list kind from the kind, conversion strategy
 * `None`, conversion webhook service port 443, and status.storedVersions from the storage version.
 * Mutates; idempotent.
 */
export function defaultCustomResourceDefinition(crd: JsonObject): void {
  const spec = ensure(crd, 'spec');
  if (!spec) return;
  const names = ensure(spec, 'names');
  const kind = names && own(names, 'kind');
  if (names && typeof kind === 'string' && kind !== '') {
    const singular = own(names, 'singular');
    if (singular === undefined || singular === null || singular === '')
      names['singular'] = kind.toLowerCase();
    const listKind = own(names, 'listKind');
    if (listKind === undefined || listKind === null || listKind === '') names['listKind'] = `${kind}List`;
  }
  defaultPtr(spec, 'conversion', { strategy: 'None' });
  const conversion = child(spec, 'conversion');
  const webhook = conversion && child(conversion, 'webhook');
  const clientConfig = webhook && child(webhook, 'clientConfig');
  const service = clientConfig && child(clientConfig, 'service');
  if (service) defaultPtr(service, 'port', 443);

  const status = ensure(crd, 'status');
  if (status && isEmptyList(own(status, 'storedVersions'))) {
    let stored: string | undefined;
    eachObject(spec, 'versions', (version) => {
      const name = own(version, 'name');
      if (stored === undefined && own(version, 'storage') === true && typeof name === 'string') stored = name;
    });
    if (stored !== undefined) status['storedVersions'] = [stored];
  }
}
