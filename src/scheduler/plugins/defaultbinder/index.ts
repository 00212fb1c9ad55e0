// DefaultBinder: binds a pod to its node through the pods/binding subresource.
import type { Binding, Pod } from 'kubernetes-types/core/v1.js';
import { PODS } from '../../../client/resources.js';
import { Status } from '../../framework/status.js';
import type { BindPlugin, Handle, PluginFactory } from '../../framework/types.js';

/** Upstream's plugin name. */
export const NAME = 'DefaultBinder';

/** The DefaultBinder plugin. */
export const factory: PluginFactory = (_args: unknown, handle: Handle) =>
  ({
    name: NAME,
    async bind(_state, pod: Pod, nodeName: string): Promise<Status | undefined> {
      const md = pod.metadata ?? {};
      const binding: Binding = {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: md.name ?? '', namespace: md.namespace ?? '', uid: md.uid ?? '' },
        target: { kind: 'Node', name: nodeName },
      };
      try {
        await handle.client
          .resource(PODS)
          .createSubresource(md.namespace ?? '', md.name ?? '', 'binding', binding);
        return undefined;
      } catch (err) {
        return Status.error(err instanceof Error ? err : String(err));
      }
    },
  }) satisfies BindPlugin;
