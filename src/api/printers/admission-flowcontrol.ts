/**
 * Printers of admission configuration (webhook configurations, admission policies and their
 * bindings) and of API priority and fairness (flowschemas, prioritylevelconfigurations).
 */
import { AGE, column, NAME, simplePrinter } from './columns.js';
import { age, goStringSlice, name } from './format.js';
import { int, isSet, list, type Obj, obj, objList, optInt, str, strList, strMap } from './json.js';
import type { Cell, Printer } from './types.js';

/** Mutating and validating webhook configurations: WEBHOOKS (count). */
export const webhookConfigurationPrinter: Printer = simplePrinter(
  [NAME, column('Webhooks', 'integer', 'Number of webhooks in the configuration.'), AGE],
  (o, ctx) => [name(o), list(o, 'webhooks').length, age(o, ctx)],
);

function paramKind(o: Obj): string {
  if (!isSet(o, 'spec', 'paramKind')) return '<unset>';
  return `${str(o, 'spec', 'paramKind', 'apiVersion')}/${str(o, 'spec', 'paramKind', 'kind')}`;
}

/** ValidatingAdmissionPolicies: VALIDATIONS (count), PARAMKIND. */
export const validatingAdmissionPolicyPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Validations', 'integer', 'Number of validation rules of the policy.'),
    column('ParamKind', 'string', 'Kind of the resources that parameterize the policy.'),
    AGE,
  ],
  (o, ctx) => [name(o), list(o, 'spec', 'validations').length, paramKind(o), age(o, ctx)],
);

/** MutatingAdmissionPolicies: MUTATIONS (count), PARAMKIND. */
export const mutatingAdmissionPolicyPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Mutations', 'integer', 'Number of mutations of the policy.'),
    column('ParamKind', 'string', 'Kind of the resources that parameterize the policy.'),
    AGE,
  ],
  (o, ctx) => [name(o), list(o, 'spec', 'mutations').length, paramKind(o), age(o, ctx)],
);

/**
 * A LabelSelector as its generated Go `String()` method writes it, e.g.
 * `&LabelSelector{MatchLabels:map[string]string{a: b,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function goLabelSelectorString(sel: Obj): string {
  const labels = strMap(sel, 'matchLabels');
  const keys = Object.keys(labels).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const labelText = keys.map((k) => `${k}: ${labels[k] ?? ''},`).join('');
  const expressions = objList(sel, 'matchExpressions')
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${str(e, 'key')},Operator:${str(e, 'operator')},` +
        `Values:${goStringSlice(strList(e, 'values'))},},`,
    )
    .join('');
  return (
    `&LabelSelector{MatchLabels:map[string]string{${labelText}},` +
    `MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`
  );
}

function paramRef(o: Obj): string {
  const ref = obj(o, 'spec', 'paramRef');
  if (ref === undefined) return '<unset>';
  const refName = str(ref, 'name');
  if (refName !== '') {
    const ns = str(ref, 'namespace');
    // Whether the param is cluster-scoped is unknown here, so a missing namespace reads `*`.
    return ns !== '' ? `${ns}/${refName}` : `*/${refName}`;
  }
  const selector = obj(ref, 'selector');
  return selector === undefined ? '<unset>' : goLabelSelectorString(selector);
}

const BINDING_COLUMNS = [
  NAME,
  column('PolicyName', 'string', 'The policy the binding applies.'),
  column('ParamRef', 'string', 'The resource that parameterizes the policy.'),
  AGE,
];

/** Validating and mutating admission policy bindings: POLICYNAME, PARAMREF. */
export const admissionPolicyBindingPrinter: Printer = simplePrinter(BINDING_COLUMNS, (o, ctx) => [
  name(o),
  str(o, 'spec', 'policyName'),
  paramRef(o),
  age(o, ctx),
]);

function printFlowSchema(o: Obj, ctx: { nowMs: number }): Cell[] {
  const dangling = objList(o, 'status', 'conditions').find((c) => str(c, 'type') === 'Dangling');
  return [
    name(o),
    str(o, 'spec', 'priorityLevelConfiguration', 'name'),
    int(o, 'spec', 'matchingPrecedence'),
    isSet(o, 'spec', 'distinguisherMethod') ? str(o, 'spec', 'distinguisherMethod', 'type') : '<none>',
    age(o, ctx),
    dangling === undefined ? '?' : str(dangling, 'status'),
  ];
}

/** FlowSchemas: PRIORITYLEVEL, MATCHINGPRECEDENCE, DISTINGUISHERMETHOD, MISSINGPL; sorted by precedence then name. */
export const flowSchemaPrinter: Printer = {
  columns: [
    NAME,
    column('PriorityLevel', 'string', 'The priority level the schema assigns.'),
    column('MatchingPrecedence', 'string', 'Lower values are matched first.'),
    column('DistinguisherMethod', 'string', 'How flows of the schema are told apart.'),
    AGE,
    column('MissingPL', 'string', 'Whether the priority level referred to is missing.'),
  ],
  print: (objects, ctx) =>
    [...objects]
      .sort((a, b) => {
        const pa = int(a, 'spec', 'matchingPrecedence');
        const pb = int(b, 'spec', 'matchingPrecedence');
        if (pa !== pb) return pa - pb;
        return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
      })
      .map((object) => ({ cells: printFlowSchema(object, ctx), object })),
};

/** PriorityLevelConfigurations: TYPE, NOMINALCONCURRENCYSHARES, QUEUES, HANDSIZE, QUEUELENGTHLIMIT. */
export const priorityLevelConfigurationPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Type', 'string', 'Whether the level is limited or exempt.'),
    column('NominalConcurrencyShares', 'string', 'Share of the server concurrency the level gets.'),
    column('Queues', 'string', 'Number of queues of the level.'),
    column('HandSize', 'string', 'Queues each flow is shuffle-sharded over.'),
    column('QueueLengthLimit', 'string', 'Longest a queue may grow.'),
    AGE,
  ],
  (o, ctx) => {
    let shares: Cell = '<none>';
    let queues: Cell = '<none>';
    let handSize: Cell = '<none>';
    let queueLengthLimit: Cell = '<none>';
    const limited = obj(o, 'spec', 'limited');
    if (limited !== undefined) {
      shares = optInt(limited, 'nominalConcurrencyShares') ?? 0;
      const queuing = obj(limited, 'limitResponse', 'queuing');
      if (queuing !== undefined) {
        queues = int(queuing, 'queues');
        handSize = int(queuing, 'handSize');
        queueLengthLimit = int(queuing, 'queueLengthLimit');
      }
    }
    return [name(o), str(o, 'spec', 'type'), shares, queues, handSize, queueLengthLimit, age(o, ctx)];
  },
);
