// Node IPAM: a pod CIDR for every Node from the cluster CIDR.
import type { ControllerDescriptor } from '../context.js';
import { clusterCIDRSets, NodeIPAMController } from './controller.js';

export { CIDRRangeFullError, CIDRSet } from './cidr-set.js';
export { CIDR_UPDATE_RETRIES, clusterCIDRSets, NodeIPAMController } from './controller.js';

/** `node-ipam`: allocates spec.podCIDRs of Nodes from --cluster-cidr. */
export const nodeIPAMController: ControllerDescriptor = {
  name: 'node-ipam',
  start(ctx, signal) {
    const c = new NodeIPAMController(
      ctx,
      clusterCIDRSets(ctx.options.clusterCIDR, ctx.options.nodeCIDRMaskSize),
    );
    void c.run(signal);
  },
};
