// The ControllerRevisions of a StatefulSet: the revision that snapshots the set's template, and the
// set as it was at a revision.
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { GroupVersionKind } from '../../apimachinery/meta/index.js';
import { deepCopy } from '../../apimachinery/meta/index.js';
import { newControllerRevision, templateOfRevision, templatePatch } from '../history/index.js';

/** The GroupVersionKind of StatefulSets (for controller references on revisions). */
export const STATEFULSET_GVK: GroupVersionKind = { group: 'apps', version: 'v1', kind: 'StatefulSet' };

/**
 * A new (not yet created) revision of `set` numbered `revision`: data is the template patch,
 * labels are the template's, annotations the set's, the name hashes data and collision count.
 */
export function newRevision(set: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const cr = newControllerRevision(
    set,
    STATEFULSET_GVK,
    set.spec?.template?.metadata?.labels,
    templatePatch(set),
    revision,
    collisionCount,
  );
  const annotations = set.metadata?.annotations;
  if (annotations !== undefined && Object.keys(annotations).length > 0) {
    cr.metadata = { ...cr.metadata, annotations: { ...annotations } };
  }
  return cr;
}

/** A copy of `set` whose template is the one `revision` holds (upstream's ApplyRevision). */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const clone = deepCopy(set);
  const template = templateOfRevision(revision);
  if (template !== undefined && clone.spec !== undefined) clone.spec.template = template;
  return clone;
}
