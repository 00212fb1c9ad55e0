// ControllerRevision history shared by the StatefulSet and DaemonSet controllers.
export { goJSON } from './go-json.js';
export { type CollisionCount, ControllerHistory, type RevisionOwner } from './history.js';
export {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerRevisionName,
  equalRevision,
  findEqualRevisions,
  hashControllerRevision,
  maxRevision,
  newControllerRevision,
  nextRevision,
  sortControllerRevisions,
  type TemplatePatch,
  templateOfRevision,
  templatePatch,
} from './revisions.js';
