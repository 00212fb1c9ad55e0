import { type FieldError, type FieldPath, invalid, required } from '../field/index.js';
import { type GroupVersion, gvkString, parseGroupVersion } from '../meta/index.js';
import { type Dict, readArray, readBool, readDict, readString } from './json-shape.js';

/** Kinds that may not own other objects (upstream bans core/v1 Event). */
export const BannedOwners: ReadonlyArray<{ group: string; version: string; kind: string }> = [
  { group: '', version: 'v1', kind: 'Event' },
];

interface Ref {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean | undefined;
  blockOwnerDeletion: boolean | undefined;
}

function readRef(raw: unknown, fldPath: FieldPath, errs: FieldError[]): Ref | undefined {
  // A null element decodes to an empty reference upstream, which then fails the required checks.
  const d: Dict | undefined = raw === null ? {} : readDict(raw, fldPath, errs);
  if (d === undefined) return undefined;
  return {
    apiVersion: readString(d['apiVersion'], fldPath.child('apiVersion'), errs),
    kind: readString(d['kind'], fldPath.child('kind'), errs),
    name: readString(d['name'], fldPath.child('name'), errs),
    uid: readString(d['uid'], fldPath.child('uid'), errs),
    controller: readBool(d['controller'], fldPath.child('controller'), errs),
    blockOwnerDeletion: readBool(d['blockOwnerDeletion'], fldPath.child('blockOwnerDeletion'), errs),
  };
}

// The reference as upstream serializes it in an error value: fixed member order, unset pointers omitted.
function refValue(r: Ref): Dict {
  const out: Dict = { apiVersion: r.apiVersion, kind: r.kind, name: r.name, uid: r.uid };
  if (r.controller !== undefined) out['controller'] = r.controller;
  if (r.blockOwnerDeletion !== undefined) out['blockOwnerDeletion'] = r.blockOwnerDeletion;
  return out;
}

function validateRef(r: Ref, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let gv: GroupVersion | undefined;
  try {
    gv = parseGroupVersion(r.apiVersion);
  } catch {
    gv = undefined;
  }
  if (r.apiVersion === '') errs.push(required(fldPath.child('apiVersion'), 'must not be empty'));
  else if (gv === undefined || gv.version === '') {
    errs.push(invalid(fldPath.child('apiVersion'), r.apiVersion, 'must be <group>/<version> or <version>'));
  }
  if (r.kind === '') errs.push(required(fldPath.child('kind'), 'must not be empty'));
  if (r.name === '') errs.push(required(fldPath.child('name'), 'must not be empty'));
  if (r.uid === '') errs.push(required(fldPath.child('uid'), 'must not be empty'));
  const gvk = { group: gv?.group ?? '', version: gv?.version ?? '', kind: r.kind };
  const banned = BannedOwners.some(
    (b) => b.group === gvk.group && b.version === gvk.version && b.kind === gvk.kind,
  );
  if (banned) errs.push(invalid(fldPath, refValue(r), `${gvkString(gvk)} is disallowed from being an owner`));
  return errs;
}

/**
 * Checks `metadata.ownerReferences` as upstream: apiVersion, kind, name and uid required at
 * `[i].<member>` (`Required value: must not be empty`), apiVersion `<group>/<version>` or
 * `<version>`, core/v1 Event never an owner, and at most one reference with `controller: true`
 * (one error per extra controller, naming the first and the extra one as `Kind/name`).
 * Accepts any decoded JSON. Pure.
 */
export function validateOwnerReferences(ownerReferences: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const refs: Array<[number, Ref]> = [];
  readArray(ownerReferences, fldPath, errs).forEach((raw, i) => {
    const r = readRef(raw, fldPath.index(i), errs);
    if (r !== undefined) refs.push([i, r]);
  });
  let firstController = '';
  for (const [i, r] of refs) {
    errs.push(...validateRef(r, fldPath.index(i)));
    if (r.controller !== true) continue;
    const current = `${r.kind}/${r.name}`;
    if (firstController === '') {
      firstController = current;
      continue;
    }
    errs.push(
      invalid(
        fldPath,
        refs.map(([, x]) => refValue(x)),
        `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
      ),
    );
  }
  return errs;
}
