// The PersistentVolume binder: binds claims to statically created volumes, keeps the phases of
// both (PV Available/Bound/Released/Failed, PVC Pending/Bound/Lost) and applies a released
// volume's reclaim policy. Dynamic provisioning is left to external provisioners: claims of a
// class with one are annotated and wait; claims of WaitForFirstConsumer classes wait for the
// scheduler, which binds them itself or asks for provisioning with volume.kubernetes.io/selected-node.
import type {
  ObjectReference,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
} from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import type { EventRecorder, EventType } from '../../client/events/types.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { SharedInformer } from '../../client/informers/types.js';
import {
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  PODS,
  STORAGE_CLASSES,
} from '../../client/resources.js';
import type { KubeObject } from '../../client/types.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import { messageOf, runWorkers, type WorkerPool, newControllerQueue } from '../util/index.js';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_MIGRATED_TO,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  checkVolumeSatisfiesClaim,
  claimClass,
  claimHasClass,
  defaultClass,
  findBestMatchForClaim,
  hasAnnotation,
  isVolumeBoundToClaim,
  volumeModeMismatches,
} from './match.js';
import { deleteDecision, provisionDecision } from './plugins.js';

const SOURCE = 'persistentvolume-binder-controller';

// Numeric resourceVersion, or undefined when it is not a number.
function revision(obj: KubeObject | undefined): bigint | undefined {
  const rv = obj?.metadata?.resourceVersion;
  if (rv === undefined || !/^\d+$/.test(rv)) return undefined;
  return BigInt(rv);
}

/**
 * The informer cache overlaid with the objects this controller wrote, so that a sync right after
 * a write does not act on the older cached copy (upstream keeps its own caches for the same
 * reason). The newer resourceVersion wins; written copies are dropped once the informer caught up.
 */
class Overlay<T extends KubeObject> {
  private readonly written = new Map<string, T>();

  constructor(private readonly informer: SharedInformer<T>) {}

  remember(obj: T): void {
    this.written.set(objectKey(obj), obj);
  }

  forget(key: string): void {
    this.written.delete(key);
  }

  get(key: string): T | undefined {
    const { namespace, name } = splitKey(key);
    const cached = this.informer.lister.get(namespace, name);
    const mine = this.written.get(key);
    if (mine === undefined) return cached;
    if (cached === undefined) return mine;
    const a = revision(cached);
    const b = revision(mine);
    if (a !== undefined && b !== undefined && b > a) return mine;
    this.written.delete(key);
    return cached;
  }

  list(): T[] {
    return this.informer.lister.list().map((o) => this.get(objectKey(o)) ?? o);
  }
}

/**
 * The binder. One worker per queue (volumes by name, claims by `namespace/name`). Instead of
 * upstream's periodic resync, pending claims are queued again when a volume becomes available
 * and when storage classes change, which is when a resync could have bound them.
 */
export class PersistentVolumeBinder {
  readonly volumeQueue: WorkQueue<string>;
  readonly claimQueue: WorkQueue<string>;
  private readonly volumeInformer: SharedInformer<PersistentVolume>;
  private readonly claimInformer: SharedInformer<PersistentVolumeClaim>;
  private readonly classInformer: SharedInformer<StorageClass>;
  private readonly podInformer: SharedInformer<Pod>;
  private readonly volumes: Overlay<PersistentVolume>;
  private readonly claims: Overlay<PersistentVolumeClaim>;
  private readonly recorder: EventRecorder;

  constructor(private readonly ctx: ControllerContext) {
    this.volumeQueue = newControllerQueue(ctx.clock);
    this.claimQueue = newControllerQueue(ctx.clock);
    this.recorder = ctx.events.newRecorder('persistentvolume-controller');
    this.volumeInformer = ctx.informers.informerFor(PERSISTENT_VOLUMES);
    this.claimInformer = ctx.informers.informerFor(PERSISTENT_VOLUME_CLAIMS);
    this.classInformer = ctx.informers.informerFor(STORAGE_CLASSES);
    this.podInformer = ctx.informers.informerFor(PODS);
    this.volumes = new Overlay(this.volumeInformer);
    this.claims = new Overlay(this.claimInformer);
    this.volumeInformer.addEventHandler({
      onAdd: (v) => this.volumeChanged(v),
      onUpdate: (_old, v) => this.volumeChanged(v),
      onDelete: (obj) => {
        const v = unwrapTombstone(obj);
        this.volumes.forget(objectKey(v));
        // The claim of a deleted volume learns at once that it is Lost.
        const ref = v.spec?.claimRef;
        if (ref?.name) this.claimQueue.add(`${ref.namespace ?? ''}/${ref.name}`);
      },
    });
    this.claimInformer.addEventHandler({
      onAdd: (c) => this.claimQueue.add(objectKey(c)),
      onUpdate: (_old, c) => this.claimQueue.add(objectKey(c)),
      onDelete: (obj) => {
        const c = unwrapTombstone(obj);
        this.claims.forget(objectKey(c));
        // The volume of a deleted claim is released.
        if (c.spec?.volumeName) this.volumeQueue.add(c.spec.volumeName);
      },
    });
    this.classInformer.addEventHandler({
      onAdd: () => this.enqueueUnboundClaims(),
      onUpdate: () => this.enqueueUnboundClaims(),
    });
  }

  /** Waits for the caches, then works both queues until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    const { informers, log } = this.ctx;
    const common = { informers, log, source: SOURCE, retryLevel: 'error' } as const;
    const volumes: WorkerPool = {
      ...common,
      queue: this.volumeQueue,
      startMessage: 'Starting persistent volume controller',
      stopMessage: 'Shutting down persistent volume controller',
      retryMessage: 'could not sync volume',
      sync: (k) => this.syncVolumeKey(k),
    };
    const claims: WorkerPool = {
      ...common,
      queue: this.claimQueue,
      retryMessage: 'could not sync claim',
      sync: (k) => this.syncClaimKey(k),
    };
    return runWorkers(volumes, 1, signal, [claims]);
  }

  // A volume without a claim may now suit a pending claim: those are synced again.
  private volumeChanged(v: PersistentVolume): void {
    this.volumeQueue.add(objectKey(v));
    if (v.spec?.claimRef === undefined || v.spec.claimRef === null) this.enqueueUnboundClaims();
  }

  private enqueueUnboundClaims(): void {
    for (const c of this.claimInformer.lister.list())
      if (!hasAnnotation(c, ANN_BIND_COMPLETED)) this.claimQueue.add(objectKey(c));
  }

  /** Syncs the volume named `key` if it still exists. */
  async syncVolumeKey(key: string): Promise<void> {
    const v = this.volumes.get(key);
    if (v !== undefined) await this.syncVolume(v);
  }

  /** Syncs the claim `namespace/name` if it still exists. */
  async syncClaimKey(key: string): Promise<void> {
    const c = this.claims.get(key);
    if (c !== undefined) await this.syncClaim(c);
  }

  // ---- claims ----

  /** Upstream's syncClaim: bound claims (bind-completed) and unbound ones take different paths. */
  async syncClaim(claim: PersistentVolumeClaim): Promise<void> {
    if (hasAnnotation(claim, ANN_BIND_COMPLETED)) await this.syncBoundClaim(claim);
    else await this.syncUnboundClaim(claim);
  }

  private async syncUnboundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const volumeName = claim.spec?.volumeName ?? '';
    if (volumeName === '') {
      const delayBinding = this.shouldDelayBinding(claim);
      const volume = findBestMatchForClaim(claim, this.volumes.list(), delayBinding);
      if (volume !== undefined) {
        await this.bind(volume, claim);
        return;
      }
      if (await this.assignDefaultStorageClass(claim)) return;
      if (delayBinding && !hasAnnotation(claim, ANN_SELECTED_NODE)) {
        this.eventForUnboundDelayBindingClaim(claim);
      } else if (claimClass(claim) !== '') {
        await this.provisionClaim(claim);
        return;
      } else {
        this.recorder.event(
          claim,
          'Normal',
          'FailedBinding',
          'no persistent volumes available for this claim and no storage class is set',
        );
      }
      await this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }

    // The user asked for a specific volume.
    const volume = this.volumes.get(volumeName);
    if (volume === undefined) {
      await this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    const ref = volume.spec?.claimRef;
    if (ref === undefined || ref === null) {
      const why = checkVolumeSatisfiesClaim(volume, claim);
      if (why !== undefined) {
        this.recorder.event(
          claim,
          'Warning',
          'VolumeMismatch',
          `Cannot bind to requested volume "${volumeName}": ${why}`,
        );
        await this.updateClaimStatus(claim, 'Pending', undefined);
        return;
      }
      await this.bind(volume, claim);
      return;
    }
    if (isVolumeBoundToClaim(volume, claim)) {
      await this.bind(volume, claim);
      return;
    }
    this.recorder.event(
      claim,
      'Warning',
      'FailedBinding',
      `volume "${volumeName}" already bound to a different claim.`,
    );
    if (!hasAnnotation(claim, ANN_BOUND_BY_CONTROLLER)) {
      await this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    throw new Error(
      `invalid binding of claim "${objectKey(claim)}" to volume "${volumeName}": volume already claimed by "${ref.namespace ?? ''}/${ref.name ?? ''}"`,
    );
  }

  private async syncBoundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const volumeName = claim.spec?.volumeName ?? '';
    if (volumeName === '') {
      await this.claimLost(
        claim,
        'ClaimLost',
        'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!',
      );
      return;
    }
    const volume = this.volumes.get(volumeName);
    if (volume === undefined) {
      await this.claimLost(
        claim,
        'ClaimLost',
        'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
      );
      return;
    }
    const ref = volume.spec?.claimRef;
    if (ref === undefined || ref === null || ref.uid === claim.metadata?.uid) {
      // Unbound volume (or the controller has not seen its binding yet), or all is well: bind
      // makes sure every part of the binding is saved.
      await this.bind(volume, claim);
      return;
    }
    await this.claimLost(
      claim,
      'ClaimMisbound',
      'Two claims are bound to the same volume, this one is bound incorrectly',
    );
  }

  private async claimLost(claim: PersistentVolumeClaim, reason: string, message: string): Promise<void> {
    if (claim.status?.phase === 'Lost') return;
    const updated = await this.updateClaimStatus(claim, 'Lost', undefined);
    this.recorder.event(updated, 'Warning', reason, message);
  }

  // WaitForFirstConsumer with no node chosen yet: the scheduler is in charge.
  private shouldDelayBinding(claim: PersistentVolumeClaim): boolean {
    if (hasAnnotation(claim, ANN_SELECTED_NODE)) return false;
    const name = claimClass(claim);
    if (name === '') return false;
    const sc = this.classInformer.lister.get('', name);
    if (sc === undefined) return false;
    if (sc.volumeBindingMode === undefined)
      throw new Error(`VolumeBindingMode not set for StorageClass "${name}"`);
    return sc.volumeBindingMode === 'WaitForFirstConsumer';
  }

  private eventForUnboundDelayBindingClaim(claim: PersistentVolumeClaim): void {
    const pods = this.podInformer.lister
      .listNamespace(claim.metadata?.namespace ?? '')
      .filter((p) => !p.spec?.nodeName && podUsesClaim(p, claim.metadata?.name ?? ''))
      .map((p) => p.metadata?.name ?? '');
    if (pods.length === 0) {
      this.recorder.event(
        claim,
        'Normal',
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
      );
    } else if (pods.length === 1) {
      this.recorder.event(
        claim,
        'Normal',
        'WaitForPodScheduled',
        `waiting for pod ${pods[0]} to be scheduled`,
      );
    } else {
      this.recorder.event(
        claim,
        'Normal',
        'WaitForPodScheduled',
        `waiting for pods ${pods.join(',')} to be scheduled`,
      );
    }
  }

  // Retroactive default class: a claim created without a class gets the default one, once.
  private async assignDefaultStorageClass(claim: PersistentVolumeClaim): Promise<boolean> {
    if (claimHasClass(claim)) return false;
    const sc = defaultClass(this.classInformer.lister.list());
    if (sc === undefined) return false;
    const next = structuredClone(claim);
    next.spec = { ...next.spec, storageClassName: sc.metadata?.name ?? '' };
    this.claims.remember(await this.ctx.client.resource(PERSISTENT_VOLUME_CLAIMS).update(next));
    this.ctx.log.info(4, SOURCE, 'Successfully assigned StorageClass to PersistentVolumeClaim', {
      PVC: objectKey(claim),
      storageClassName: sc.metadata?.name,
    });
    return true;
  }

  // No in-tree provisioning: external provisioners are told (annotations) and waited for.
  private async provisionClaim(claim: PersistentVolumeClaim): Promise<void> {
    const name = claimClass(claim);
    const sc = this.classInformer.lister.get('', name);
    if (sc === undefined) {
      this.recorder.event(
        claim,
        'Warning',
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${name}" not found`,
      );
      return;
    }
    const decision = provisionDecision(sc.provisioner);
    if (decision.type === 'fail') {
      this.recorder.event(claim, 'Warning', 'ProvisioningFailed', decision.message);
      return;
    }
    const provisioner = decision.provisioner;
    let current = claim;
    if (claim.metadata?.annotations?.[ANN_BETA_STORAGE_PROVISIONER] !== provisioner) {
      const next = structuredClone(claim);
      next.metadata = {
        ...next.metadata,
        annotations: {
          ...next.metadata?.annotations,
          [ANN_BETA_STORAGE_PROVISIONER]: provisioner,
          [ANN_STORAGE_PROVISIONER]: provisioner,
        },
      };
      try {
        current = await this.ctx.client.resource(PERSISTENT_VOLUME_CLAIMS).update(next);
      } catch (e) {
        this.recorder.event(next, 'Warning', 'ProvisioningFailed', `Error saving claim: ${messageOf(e)}`);
        throw e;
      }
      this.claims.remember(current);
    }
    this.recorder.event(
      current,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  }

  // ---- binding ----

  /** Saves both halves of a binding and both phases; each step is skipped when already done. */
  private async bind(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    let v = await this.bindVolumeToClaim(volume, claim);
    v = await this.updateVolumePhase(v, 'Bound', '');
    let c = await this.bindClaimToVolume(claim, v);
    c = await this.updateClaimStatus(c, 'Bound', v);
    this.ctx.log.info(2, SOURCE, 'Bound claim to volume', {
      PVC: objectKey(c),
      volumeName: v.metadata?.name,
    });
  }

  private async bindVolumeToClaim(
    volume: PersistentVolume,
    claim: PersistentVolumeClaim,
  ): Promise<PersistentVolume> {
    const setBoundByController = !isVolumeBoundToClaim(volume, claim);
    const ref = volume.spec?.claimRef;
    const next = structuredClone(volume);
    let dirty = false;
    if (
      ref === undefined ||
      ref === null ||
      ref.name !== claim.metadata?.name ||
      ref.namespace !== claim.metadata?.namespace ||
      ref.uid !== claim.metadata?.uid
    ) {
      next.spec = { ...next.spec, claimRef: claimReference(claim) };
      dirty = true;
    }
    if (setBoundByController && !hasAnnotation(next, ANN_BOUND_BY_CONTROLLER)) {
      next.metadata = {
        ...next.metadata,
        annotations: { ...next.metadata?.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' },
      };
      dirty = true;
    }
    if (!dirty) return volume;
    const saved = await this.ctx.client.resource(PERSISTENT_VOLUMES).update(next);
    this.volumes.remember(saved);
    return saved;
  }

  private async bindClaimToVolume(
    claim: PersistentVolumeClaim,
    volume: PersistentVolume,
  ): Promise<PersistentVolumeClaim> {
    const name = volume.metadata?.name ?? '';
    const next = structuredClone(claim);
    const annotations = { ...next.metadata?.annotations };
    let dirty = false;
    if ((claim.spec?.volumeName ?? '') !== name) {
      next.spec = { ...next.spec, volumeName: name };
      if (!Object.hasOwn(annotations, ANN_BOUND_BY_CONTROLLER)) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
      dirty = true;
    }
    if (!Object.hasOwn(annotations, ANN_BIND_COMPLETED)) {
      annotations[ANN_BIND_COMPLETED] = 'yes';
      dirty = true;
    }
    if (!dirty) return claim;
    next.metadata = { ...next.metadata, annotations };
    const saved = await this.ctx.client.resource(PERSISTENT_VOLUME_CLAIMS).update(next);
    this.claims.remember(saved);
    return saved;
  }

  /**
   * Sets the claim's phase; Bound copies the volume's access modes and (when the claim becomes
   * Bound) its capacity, other phases clear both.
   */
  private async updateClaimStatus(
    claim: PersistentVolumeClaim,
    phase: string,
    volume: PersistentVolume | undefined,
  ): Promise<PersistentVolumeClaim> {
    const status = { ...claim.status };
    let dirty = false;
    if (status.phase !== phase) {
      status.phase = phase;
      dirty = true;
    }
    if (volume === undefined) {
      if (status.accessModes !== undefined) {
        delete status.accessModes;
        dirty = true;
      }
      if (status.capacity !== undefined) {
        delete status.capacity;
        dirty = true;
      }
    } else {
      const modes = volume.spec?.accessModes;
      if (!deepEqual(status.accessModes, modes)) {
        if (modes === undefined) delete status.accessModes;
        else status.accessModes = [...modes];
        dirty = true;
      }
      if (claim.status?.phase !== phase) {
        const cap = volume.spec?.capacity?.['storage'];
        if (cap === undefined)
          throw new Error(`PersistentVolume "${volume.metadata?.name ?? ''}" is without a storage capacity`);
        if (status.capacity?.['storage'] !== cap) {
          status.capacity = { ...volume.spec?.capacity };
          dirty = true;
        }
      }
    }
    if (!dirty) return claim;
    const saved = await this.ctx.client
      .resource(PERSISTENT_VOLUME_CLAIMS)
      .updateStatus({ ...structuredClone(claim), status });
    this.claims.remember(saved);
    return saved;
  }

  // ---- volumes ----

  /** Upstream's syncVolume. */
  async syncVolume(volume: PersistentVolume): Promise<void> {
    const ref = volume.spec?.claimRef;
    if (ref === undefined || ref === null) {
      await this.updateVolumePhase(volume, 'Available', '');
      return;
    }
    if ((ref.uid ?? '') === '') {
      // Pre-bound by the user to a claim that is not bound yet: the claim's sync binds it.
      await this.updateVolumePhase(volume, 'Available', '');
      this.claimQueue.add(`${ref.namespace ?? ''}/${ref.name ?? ''}`);
      return;
    }
    const claimKey = `${ref.namespace ?? ''}/${ref.name ?? ''}`;
    let claim = this.claims.get(claimKey);
    if (claim === undefined && volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') {
      // The claim may just not be in the cache yet: ask the API server before releasing.
      claim = await this.getClaim(ref.namespace ?? '', ref.name ?? '');
    }
    if (claim !== undefined && claim.metadata?.uid !== ref.uid) {
      // Perhaps a stale cached claim: the API server decides.
      claim = await this.getClaim(ref.namespace ?? '', ref.name ?? '');
      if (claim !== undefined && claim.metadata?.uid !== ref.uid) claim = undefined;
    }

    if (claim === undefined) {
      let v = volume;
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') {
        this.ctx.log.info(2, SOURCE, 'Volume is released and reclaim policy will be executed', {
          volumeName: v.metadata?.name,
          reclaimPolicy: v.spec?.persistentVolumeReclaimPolicy,
        });
        v = await this.updateVolumePhase(v, 'Released', '');
      }
      await this.reclaimVolume(v);
      return;
    }
    const claimVolume = claim.spec?.volumeName ?? '';
    if (claimVolume === '') {
      if (volumeModeMismatches(claim, volume.spec)) {
        this.recorder.event(
          volume,
          'Warning',
          'VolumeMismatch',
          `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata?.name ?? ''}" due to incompatible volumeMode.`,
        );
        this.recorder.event(
          claim,
          'Warning',
          'VolumeMismatch',
          `Cannot bind PersistentVolume "${volume.metadata?.name ?? ''}" to requested PersistentVolumeClaim due to incompatible volumeMode.`,
        );
        return;
      }
      // Bound volume, pending claim: the claim's sync completes the binding.
      this.claimQueue.add(claimKey);
      return;
    }
    if (claimVolume === volume.metadata?.name) {
      await this.updateVolumePhase(volume, 'Bound', '');
      return;
    }
    // The claim is bound to another volume.
    if (
      hasAnnotation(volume, ANN_DYNAMICALLY_PROVISIONED) &&
      volume.spec?.persistentVolumeReclaimPolicy === 'Delete'
    ) {
      let v = volume;
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed')
        v = await this.updateVolumePhase(v, 'Released', '');
      await this.reclaimVolume(v);
      return;
    }
    await this.unbindVolume(volume);
  }

  private async getClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    try {
      return await this.ctx.client.resource(PERSISTENT_VOLUME_CLAIMS).get(namespace, name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  // A volume the controller bound loses its claimRef; one a user pre-bound keeps it, minus the uid.
  private async unbindVolume(volume: PersistentVolume): Promise<void> {
    const next = structuredClone(volume);
    if (hasAnnotation(volume, ANN_BOUND_BY_CONTROLLER)) {
      if (next.spec !== undefined) delete next.spec.claimRef;
      const annotations = { ...next.metadata?.annotations };
      delete annotations[ANN_BOUND_BY_CONTROLLER];
      if (next.metadata !== undefined) {
        if (Object.keys(annotations).length === 0) delete next.metadata.annotations;
        else next.metadata.annotations = annotations;
      }
    } else if (next.spec?.claimRef) {
      next.spec.claimRef = { ...next.spec.claimRef, uid: '' };
    }
    const saved = await this.ctx.client.resource(PERSISTENT_VOLUMES).update(next);
    this.volumes.remember(saved);
    await this.updateVolumePhase(saved, 'Available', '');
  }

  /** Sets phase and message unless both already hold; returns the volume as saved. */
  private async updateVolumePhase(
    volume: PersistentVolume,
    phase: string,
    message: string,
  ): Promise<PersistentVolume> {
    if (volume.status?.phase === phase && (volume.status?.message ?? '') === message) return volume;
    const status = { ...volume.status, phase };
    if (message === '') delete status.message;
    else status.message = message;
    const saved = await this.ctx.client
      .resource(PERSISTENT_VOLUMES)
      .updateStatus({ ...structuredClone(volume), status });
    this.volumes.remember(saved);
    return saved;
  }

  private async updateVolumePhaseWithEvent(
    volume: PersistentVolume,
    phase: string,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<PersistentVolume> {
    if (volume.status?.phase === phase) return volume;
    const saved = await this.updateVolumePhase(volume, phase, message);
    this.recorder.event(saved, type, reason, message);
    return saved;
  }

  /** Applies the reclaim policy of a released volume. */
  private async reclaimVolume(volume: PersistentVolume): Promise<void> {
    if (volume.metadata?.annotations?.[ANN_MIGRATED_TO]) return;
    const policy = volume.spec?.persistentVolumeReclaimPolicy;
    switch (policy) {
      case 'Retain':
        this.ctx.log.info(4, SOURCE, 'ReclaimVolume: policy is Retain, nothing to do', {
          PV: volume.metadata?.name,
        });
        return;
      case 'Recycle':
        // Recycling (a scrubber pod) is not offered: as upstream without a recycler plugin.
        await this.recycleVolume(volume);
        return;
      case 'Delete':
        await this.deleteVolume(volume);
        return;
      default:
        await this.updateVolumePhaseWithEvent(
          volume,
          'Failed',
          'Warning',
          'VolumeUnknownReclaimPolicy',
          'Volume has unrecognized PersistentVolumeReclaimPolicy',
        );
    }
  }

  // Whether a (freshly read) volume still needs reclaiming: its claim is gone, or bound elsewhere.
  private isVolumeReleased(volume: PersistentVolume): boolean {
    const ref = volume.spec?.claimRef;
    if (ref === undefined || ref === null || (ref.uid ?? '') === '') return false;
    const claim = this.claims.get(`${ref.namespace ?? ''}/${ref.name ?? ''}`);
    if (claim !== undefined && claim.metadata?.uid === ref.uid) {
      const bound = claim.spec?.volumeName ?? '';
      return bound !== '' && bound !== volume.metadata?.name;
    }
    return true;
  }

  private async freshVolume(volume: PersistentVolume): Promise<PersistentVolume | undefined> {
    try {
      return await this.ctx.client.resource(PERSISTENT_VOLUMES).get('', volume.metadata?.name ?? '');
    } catch {
      return undefined;
    }
  }

  private async recycleVolume(volume: PersistentVolume): Promise<void> {
    const fresh = await this.freshVolume(volume);
    if (fresh === undefined || !this.isVolumeReleased(fresh)) return;
    await this.updateVolumePhaseWithEvent(
      fresh,
      'Failed',
      'Warning',
      'VolumeFailedRecycle',
      'No recycler plugin found for the volume!',
    );
  }

  private async deleteVolume(volume: PersistentVolume): Promise<void> {
    const fresh = await this.freshVolume(volume);
    if (fresh === undefined || !this.isVolumeReleased(fresh)) return;
    const decision = deleteDecision(fresh);
    if (decision.type === 'external') return;
    if (decision.type === 'fail') {
      await this.updateVolumePhaseWithEvent(
        fresh,
        'Failed',
        'Warning',
        'VolumeFailedDelete',
        decision.message,
      );
      return;
    }
    // hostPath under /tmp/: the PersistentVolume object is deleted. The directory on the node is
    // left in place: this controller does not run on the node and never touches its files.
    try {
      await this.ctx.client.resource(PERSISTENT_VOLUMES).delete('', fresh.metadata?.name ?? '');
    } catch (e) {
      // As upstream: the next sync of the volume tries again.
      this.ctx.log.info(3, SOURCE, 'Failed to delete volume from database', {
        volumeName: fresh.metadata?.name,
        err: messageOf(e),
      });
    }
  }
}

/** An ObjectReference to the claim, as a volume's claimRef holds it. */
export function claimReference(claim: PersistentVolumeClaim): ObjectReference {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata?.namespace ?? '',
    name: claim.metadata?.name ?? '',
    uid: claim.metadata?.uid ?? '',
    apiVersion: 'v1',
    resourceVersion: claim.metadata?.resourceVersion ?? '',
  };
}

/** Whether the pod mounts the claim, directly or as its generic ephemeral volume. */
export function podUsesClaim(pod: Pod, claimName: string): boolean {
  const podName = pod.metadata?.name ?? '';
  return (pod.spec?.volumes ?? []).some(
    (v) =>
      v.persistentVolumeClaim?.claimName === claimName ||
      (v.ephemeral !== undefined && v.ephemeral !== null && `${podName}-${v.name}` === claimName),
  );
}
