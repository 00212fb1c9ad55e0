// The in-tree plugins by name; default profiles leave out names missing from the registry (see
// profiles.ts).
import type { PluginFactory } from '../framework/types.js';
import * as defaultBinder from '../plugins/defaultbinder/index.js';
import * as defaultPreemption from '../plugins/defaultpreemption/index.js';
import * as imageLocality from '../plugins/imagelocality/index.js';
import * as interPodAffinity from '../plugins/interpodaffinity/index.js';
import * as nodeAffinity from '../plugins/nodeaffinity/index.js';
import * as nodeName from '../plugins/nodename/index.js';
import * as nodePorts from '../plugins/nodeports/index.js';
import * as nodeResources from '../plugins/noderesources/index.js';
import * as nodeUnschedulable from '../plugins/nodeunschedulable/index.js';
import * as nodeVolumeLimits from '../plugins/nodevolumelimits/index.js';
import * as podTopologySpread from '../plugins/podtopologyspread/index.js';
import * as queueSort from '../plugins/queuesort/index.js';
import * as schedulingGates from '../plugins/schedulinggates/index.js';
import * as taintToleration from '../plugins/tainttoleration/index.js';
import * as volumeBinding from '../plugins/volumebinding/index.js';
import * as volumeRestrictions from '../plugins/volumerestrictions/index.js';
import * as volumeZone from '../plugins/volumezone/index.js';

/** Plugin name → factory for every in-tree plugin. */
export function inTreeRegistry(): Map<string, PluginFactory> {
  return new Map<string, PluginFactory>([
    [schedulingGates.NAME, schedulingGates.factory],
    [queueSort.NAME, queueSort.factory],
    [nodeUnschedulable.NAME, nodeUnschedulable.factory],
    [nodeName.NAME, nodeName.factory],
    [taintToleration.NAME, taintToleration.factory],
    [nodeAffinity.NAME, nodeAffinity.factory],
    [nodePorts.NAME, nodePorts.factory],
    [nodeResources.FIT_NAME, nodeResources.fitFactory],
    [nodeResources.BALANCED_NAME, nodeResources.balancedFactory],
    [podTopologySpread.NAME, podTopologySpread.factory],
    [interPodAffinity.NAME, interPodAffinity.factory],
    [defaultPreemption.NAME, defaultPreemption.factory],
    [volumeRestrictions.NAME, volumeRestrictions.factory],
    [nodeVolumeLimits.NAME, nodeVolumeLimits.factory],
    [volumeBinding.NAME, volumeBinding.factory],
    [volumeZone.NAME, volumeZone.factory],
    [imageLocality.NAME, imageLocality.factory],
    [defaultBinder.NAME, defaultBinder.factory],
  ]);
}
