/**
 * Printers of workload controllers: deployments, replicasets, replicationcontrollers,
 * statefulsets, daemonsets, controllerrevisions and podtemplates.
 */
import { MetaParseError, parseGroupVersion } from '../../apimachinery/meta/index.js';
import { AGE, CONTAINERS, column, IMAGES, NAME, simplePrinter, wide } from './columns.js';
import {
  age,
  containerCells,
  formatLabelSelector,
  formatLabels,
  lower,
  name,
  selectorString,
} from './format.js';
import { int, type Obj, objList, optInt, str } from './json.js';
import { type Printer, PrintError } from './types.js';

const TEMPLATE_CONTAINERS = ['spec', 'template', 'spec', 'containers'] as const;

/** Wide `Selector` column. */
const SELECTOR = wide('Selector', 'string', 'Label selector of the pods the controller manages.');

/** Deployments: READY ready/desired, UP-TO-DATE, AVAILABLE. */
export const deploymentPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Ready', 'string', 'Ready pods out of the desired number.'),
    column('Up-to-date', 'string', 'Pods updated to the latest template.'),
    column('Available', 'string', 'Pods available to serve.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  (o, ctx) => {
    const [names, images] = containerCells(o, ...TEMPLATE_CONTAINERS);
    // Deployments print the raw selector text: empty for an empty selector, `<invalid>` when bad.
    const selector = selectorString(o, 'spec', 'selector') ?? '<invalid>';
    return [
      name(o),
      `${int(o, 'status', 'readyReplicas')}/${int(o, 'spec', 'replicas')}`,
      int(o, 'status', 'updatedReplicas'),
      int(o, 'status', 'availableReplicas'),
      age(o, ctx),
      names,
      images,
      selector,
    ];
  },
);

const REPLICA_COLUMNS = [
  NAME,
  column('Desired', 'integer', 'Desired number of pods.'),
  column('Current', 'integer', 'Pods currently created.'),
  column('Ready', 'integer', 'Pods ready.'),
  AGE,
  CONTAINERS,
  IMAGES,
  SELECTOR,
];

/** ReplicaSets: DESIRED, CURRENT, READY. */
export const replicaSetPrinter: Printer = simplePrinter(REPLICA_COLUMNS, (o, ctx) => {
  const [names, images] = containerCells(o, ...TEMPLATE_CONTAINERS);
  return [
    name(o),
    int(o, 'spec', 'replicas'),
    int(o, 'status', 'replicas'),
    int(o, 'status', 'readyReplicas'),
    age(o, ctx),
    names,
    images,
    formatLabelSelector(o, 'spec', 'selector'),
  ];
});

/** ReplicationControllers: as replicasets, with a map selector. */
export const replicationControllerPrinter: Printer = simplePrinter(REPLICA_COLUMNS, (o, ctx) => {
  const [names, images] = containerCells(o, ...TEMPLATE_CONTAINERS);
  return [
    name(o),
    int(o, 'spec', 'replicas'),
    int(o, 'status', 'replicas'),
    int(o, 'status', 'readyReplicas'),
    age(o, ctx),
    names,
    images,
    formatLabels(o, 'spec', 'selector'),
  ];
});

/** StatefulSets: READY ready/desired. */
export const statefulSetPrinter: Printer = simplePrinter(
  [NAME, column('Ready', 'string', 'Ready pods out of the desired number.'), AGE, CONTAINERS, IMAGES],
  (o, ctx) => {
    const [names, images] = containerCells(o, ...TEMPLATE_CONTAINERS);
    return [
      name(o),
      `${int(o, 'status', 'readyReplicas')}/${int(o, 'spec', 'replicas')}`,
      age(o, ctx),
      names,
      images,
    ];
  },
);

/** DaemonSets: DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE, NODE SELECTOR. */
export const daemonSetPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Desired', 'integer', 'Nodes that should run the daemon pod.'),
    column('Current', 'integer', 'Nodes running at least one daemon pod.'),
    column('Ready', 'integer', 'Nodes whose daemon pod is ready.'),
    column('Up-to-date', 'integer', 'Nodes running the latest template.'),
    column('Available', 'integer', 'Nodes whose daemon pod is available.'),
    column('Node Selector', 'string', 'Node selector of the pod template.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  (o, ctx) => {
    const [names, images] = containerCells(o, ...TEMPLATE_CONTAINERS);
    return [
      name(o),
      int(o, 'status', 'desiredNumberScheduled'),
      int(o, 'status', 'currentNumberScheduled'),
      int(o, 'status', 'numberReady'),
      int(o, 'status', 'updatedNumberScheduled'),
      int(o, 'status', 'numberAvailable'),
      formatLabels(o, 'spec', 'template', 'spec', 'nodeSelector'),
      age(o, ctx),
      names,
      images,
      formatLabelSelector(o, 'spec', 'selector'),
    ];
  },
);

/**
 * `kind.group/name` in lower case for a controller reference (`kind/name` in the core group).
 * Throws PrintError when its apiVersion is not a group-version, as upstream's printer fails.
 */
function controllerName(o: Obj): string {
  const ref = objList(o, 'metadata', 'ownerReferences').find((r) => r['controller'] === true);
  if (ref === undefined) return '<none>';
  let group: string;
  try {
    group = parseGroupVersion(str(ref, 'apiVersion')).group;
  } catch (e) {
    if (e instanceof MetaParseError) throw new PrintError(e.message);
    throw e;
  }
  const kind = str(ref, 'kind');
  const refName = str(ref, 'name');
  if (kind === '' && group === '') return refName;
  return `${lower(group === '' ? kind : `${kind}.${group}`)}/${refName}`;
}

/** ControllerRevisions: CONTROLLER, REVISION. */
export const controllerRevisionPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Controller', 'string', 'The object that owns the revision.'),
    column('Revision', 'string', 'Revision number.'),
    AGE,
  ],
  (o, ctx) => [name(o), controllerName(o), optInt(o, 'revision') ?? 0, age(o, ctx)],
);

/** PodTemplates: CONTAINERS, IMAGES, POD LABELS (no age column upstream). */
export const podTemplatePrinter: Printer = simplePrinter(
  [
    NAME,
    column('Containers', 'string', 'Names of the containers in the template.'),
    column('Images', 'string', 'Images of the containers in the template.'),
    column('Pod Labels', 'string', 'Labels of the pod template.'),
  ],
  (o) => {
    const [names, images] = containerCells(o, 'template', 'spec', 'containers');
    return [name(o), names, images, formatLabels(o, 'template', 'metadata', 'labels')];
  },
);
