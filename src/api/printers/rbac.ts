/**
 * Printers of RBAC bindings. Roles and ClusterRoles have no printer upstream and use the default
 * table.
 */
import { AGE, column, NAME, simplePrinter, wide } from './columns.js';
import { age, name } from './format.js';
import { type Obj, objList, str } from './json.js';
import type { Printer } from './types.js';

/** Users, groups and service accounts (`namespace/name`) of the subjects, in order, by kind. */
export function subjectStrings(o: Obj): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of objList(o, 'subjects')) {
    switch (str(s, 'kind')) {
      case 'ServiceAccount':
        serviceAccounts.push(`${str(s, 'namespace')}/${str(s, 'name')}`);
        break;
      case 'User':
        users.push(str(s, 'name'));
        break;
      case 'Group':
        groups.push(str(s, 'name'));
        break;
    }
  }
  return { users, groups, serviceAccounts };
}

function bindingPrinter(scope: string): Printer {
  return simplePrinter(
    [
      NAME,
      column('Role', 'string', 'The role the binding grants, as kind/name.'),
      AGE,
      wide('Users', 'string', `Users bound by the ${scope}.`),
      wide('Groups', 'string', `Groups bound by the ${scope}.`),
      wide('ServiceAccounts', 'string', `Service accounts bound by the ${scope}.`),
    ],
    (o, ctx) => {
      const s = subjectStrings(o);
      return [
        name(o),
        `${str(o, 'roleRef', 'kind')}/${str(o, 'roleRef', 'name')}`,
        age(o, ctx),
        s.users.join(', '),
        s.groups.join(', '),
        s.serviceAccounts.join(', '),
      ];
    },
  );
}

/** RoleBindings: ROLE; wide USERS, GROUPS, SERVICEACCOUNTS. */
export const roleBindingPrinter: Printer = bindingPrinter('role binding');

/** ClusterRoleBindings: as rolebindings. */
export const clusterRoleBindingPrinter: Printer = bindingPrinter('cluster role binding');
