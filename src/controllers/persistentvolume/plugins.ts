// What upstream's volume plugin manager (as kube-controller-manager configures it for this
// controller) answers about deleting and provisioning, reduced to the decisions and messages
// users see. No plugin here talks to storage.
import type { PersistentVolume } from 'kubernetes-types/core/v1.js';
import { ANN_DYNAMICALLY_PROVISIONED } from './match.js';

/** The in-tree plugin name prefix; other provisioner names are external. */
const IN_TREE_PREFIX = 'kubernetes.io/';
const HOST_PATH_PLUGIN = 'kubernetes.io/host-path';

/**
 * Volume sources for which the controller's plugin manager has a plugin that cannot delete:
 * those give "no deletable volume plugin matched"; sources outside this list and hostPath give
 * "no volume plugin matched" resp. hostPath's own rule.
 */
const NON_DELETABLE_SOURCES = ['nfs', 'local', 'csi', 'iscsi', 'fc'] as const;

/** How a released volume with reclaim policy Delete is to be deleted. */
export type DeleteDecision =
  /** An external deleter (the provisioner named in provisioned-by) owns it: do nothing. */
  | { readonly type: 'external' }
  /** The hostPath deleter accepts it: the PersistentVolume object is deleted. */
  | { readonly type: 'delete' }
  /** No deleter: the volume goes Failed with this message. */
  | { readonly type: 'fail'; readonly message: string };

function hostPathDecision(volume: PersistentVolume): DeleteDecision {
  const path = volume.spec?.hostPath?.path ?? '';
  // Upstream's pattern is unanchored: any path containing "/tmp/" followed by something.
  if (!/\/tmp\/.+/.test(path))
    return { type: 'fail', message: `host_path deleter only supports /tmp/.+ but received provided ${path}` };
  return { type: 'delete' };
}

/**
 * Upstream's findDeletablePlugin + doDeleteVolume decision: a volume provisioned by an external
 * provisioner is left to it; one provisioned by an in-tree plugin uses that plugin; otherwise the
 * plugin is found from the volume source. Only hostPath can delete (paths under /tmp/).
 */
export function deleteDecision(volume: PersistentVolume): DeleteDecision {
  const by = volume.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED] ?? '';
  if (by !== '') {
    if (!by.startsWith(IN_TREE_PREFIX)) return { type: 'external' };
    if (by === HOST_PATH_PLUGIN) return hostPathDecision(volume);
    if (by === 'kubernetes.io/nfs') return { type: 'fail', message: 'no deletable volume plugin matched' };
    return { type: 'fail', message: `no volume plugin matched name: ${by}` };
  }
  const spec = volume.spec ?? {};
  const name = volume.metadata?.name ?? '';
  if (spec.hostPath !== undefined && spec.hostPath !== null) return hostPathDecision(volume);
  const matched = NON_DELETABLE_SOURCES.some((s) => spec[s] !== undefined && spec[s] !== null);
  const why = matched ? 'no deletable volume plugin matched' : 'no volume plugin matched';
  return { type: 'fail', message: `error getting deleter volume plugin for volume "${name}": ${why}` };
}

/** How a claim of a class is provisioned. */
export type ProvisionDecision =
  /** An external provisioner is to create the volume. */
  | { readonly type: 'external'; readonly provisioner: string }
  /** No in-tree plugin of that name can provision: a ProvisioningFailed warning with this message. */
  | { readonly type: 'fail'; readonly message: string };

/**
 * Upstream's findProvisionablePlugin for a class's provisioner: names outside `kubernetes.io/`
 * are external; in-tree provisioning plugins are not part of this controller.
 */
export function provisionDecision(provisioner: string): ProvisionDecision {
  if (!provisioner.startsWith(IN_TREE_PREFIX)) return { type: 'external', provisioner };
  // The hostPath plugin exists but provisions only with --enable-hostpath-provisioner, which
  // kite does not offer.
  if (provisioner === HOST_PATH_PLUGIN) {
    return {
      type: 'fail',
      message: `Failed to create provisioner: provisioning in volume plugin "${HOST_PATH_PLUGIN}" is disabled`,
    };
  }
  return { type: 'fail', message: `no volume plugin matched name: ${provisioner}` };
}
