// Broken manifests people write, with the message kube-apiserver answers for each (422 Invalid).
// Each object is defaulted and validated as on create; the StatusError message must match.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { defaultObject } from '../../src/api/defaults/index.js';
import { validationFor } from '../../src/api/validation/index.js';
import { invalid } from '../../src/apimachinery/errors/index.js';
import { parseGroupVersion } from '../../src/apimachinery/meta/index.js';

type Obj = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string } };

function statusMessage(yamlText: string): string {
  const obj = parse(yamlText) as Obj;
  defaultObject(obj.apiVersion, obj.kind, obj);
  const v = validationFor(obj.apiVersion, obj.kind);
  assert.ok(v, `validation for ${obj.apiVersion}/${obj.kind}`);
  const errs = v.validate(obj);
  return invalid({ group: parseGroupVersion(obj.apiVersion).group, kind: obj.kind }, obj.metadata.name, errs)
    .message;
}

const pod = (spec: string, name = 'bad') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n${spec}`;

const cases: Array<[string, string, string]> = [
  [
    'pod without image',
    pod('  containers:\n    - name: app\n'),
    'Pod "bad" is invalid: spec.containers[0].image: Required value',
  ],
  [
    'pod with an unknown restartPolicy',
    pod('  restartPolicy: Sometimes\n  containers:\n    - name: app\n      image: nginx\n'),
    'Pod "bad" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
  ],
  [
    'pod with duplicate container names',
    pod('  containers:\n    - name: app\n      image: nginx\n    - name: app\n      image: redis\n'),
    'Pod "bad" is invalid: spec.containers[1].name: Duplicate value: "app"',
  ],
  [
    'pod with an uppercase name',
    pod('  containers:\n    - name: app\n      image: nginx\n', 'Web'),
    `Pod "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
  ],
  [
    'pod with a port out of range',
    pod('  containers:\n    - name: app\n      image: nginx\n      ports:\n        - containerPort: 70000\n'),
    'Pod "bad" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
  ],
  [
    'pod mounting a volume that does not exist',
    pod(
      '  containers:\n    - name: app\n      image: nginx\n      volumeMounts:\n        - name: data\n          mountPath: /data\n',
    ),
    'Pod "bad" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"',
  ],
  [
    'requests above limits',
    pod(
      '  containers:\n    - name: app\n      image: nginx\n      resources:\n        requests:\n          cpu: "2"\n        limits:\n          cpu: "1"\n',
    ),
    'Pod "bad" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
  ],
  [
    'deployment whose selector does not match its template',
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
        - name: web
          image: nginx
`,
    'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
  ],
  [
    'service port out of range',
    `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
spec:
  selector:
    app: web
  ports:
    - port: 70000
`,
    // targetPort is defaulted to port first, so upstream reports it too.
    'Service "web" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]',
  ],
  [
    'configmap with a key that is not a valid config key',
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: default
data:
  a/b: x
`,
    `ConfigMap "cfg" is invalid: data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
  ],
  [
    'job with restartPolicy Always',
    `apiVersion: batch/v1
kind: Job
metadata:
  name: once
  namespace: default
spec:
  manualSelector: true
  selector:
    matchLabels:
      app: once
  template:
    metadata:
      labels:
        app: once
    spec:
      restartPolicy: Always
      containers:
        - name: once
          image: busybox
`,
    'Job.batch "once" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
  ],
  [
    'role binding without a role name',
    `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: rb
  namespace: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ""
subjects:
  - kind: User
    name: jane
    apiGroup: rbac.authorization.k8s.io
`,
    'RoleBinding.rbac.authorization.k8s.io "rb" is invalid: roleRef.name: Required value',
  ],
];

for (const [name, yamlText, want] of cases) {
  test(name, () => assert.equal(statusMessage(yamlText), want));
}
