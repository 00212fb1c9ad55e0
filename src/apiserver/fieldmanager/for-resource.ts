import { DEFINITIONS, type ResourceInfo } from '../../api/index.js';
import { FieldManager } from './field-manager.js';
import { TypeIndex } from './schema.js';

let sharedIndex: TypeIndex | undefined;

/** The type index over the built-in API definitions, built once and shared. */
export function builtinTypes(): TypeIndex {
  sharedIndex ??= new TypeIndex(DEFINITIONS as Readonly<Record<string, unknown>>);
  return sharedIndex;
}

const managers = new WeakMap<ResourceInfo, FieldManager>();

/** The field manager of a built-in resource (cached per resource description). */
export function fieldManagerFor(info: ResourceInfo): FieldManager {
  let fm = managers.get(info);
  if (fm === undefined) {
    fm = new FieldManager({
      type: builtinTypes().definition(info.definition),
      apiVersion: info.group === '' ? info.version : `${info.group}/${info.version}`,
      kind: info.kind,
      hasStatus: info.subresources.some((s) => s.name === 'status'),
    });
    managers.set(info, fm);
  }
  return fm;
}
