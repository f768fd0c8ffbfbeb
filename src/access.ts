// Roles and what each may do. A route names the permission it needs; a role lacking it
// gets a 403 that names the permission and the roles that have it.

export const roles = ['admin', 'accountant', 'bookkeeper'] as const;
export type Role = (typeof roles)[number];

export const permissions = {
  'settings:manage': 'change tenant settings (address, IBAN, system account, closed period)',
  'users:manage': 'create, change and disable users; issue and revoke API keys',
  'connections:manage': 'set up payment services',
  'accounts:manage': 'add and rename accounts',
  'accounts:read': 'read the chart of accounts',
  'audit:read': 'read the audit log',
  'contacts:write': 'create and change contacts',
  'contacts:read': 'read contacts',
  'invoices:write': 'create, edit, send and cancel invoices',
  'invoices:read': 'read invoices',
  'payments:refund': 'refund and cancel payments',
  'journal:read': 'read the journal, balances and exports',
  'journal:write': 'post manual entries and reversals',
  'reconciliation:manage': 'reconcile provider payouts',
  'webhooks:manage': "register the endpoints that receive events for the company's systems, read their delivery log, replay deliveries",
} as const;

export type Permission = keyof typeof permissions;

const accountantPermissions: Permission[] = [
  'accounts:read',
  'contacts:write',
  'contacts:read',
  'invoices:write',
  'invoices:read',
  'payments:refund',
];

const bookkeeperPermissions: Permission[] = [
  'accounts:read',
  'contacts:read',
  'invoices:read',
  'journal:read',
  'journal:write',
  'reconciliation:manage',
];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(Object.keys(permissions) as Permission[]),
  accountant: new Set(accountantPermissions),
  bookkeeper: new Set(bookkeeperPermissions),
};

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

export function rolesWith(permission: Permission): Role[] {
  return roles.filter((role) => can(role, permission));
}
