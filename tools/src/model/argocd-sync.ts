/**
 * Argo CD's sync-ordering vocabulary (resource hooks and sync waves), declared once: the generator
 * writes these annotations and the sync-order simulation reads them.
 */

export const HOOK_ANNOTATION = 'argocd.argoproj.io/hook';
export const HOOK_DELETE_POLICY_ANNOTATION = 'argocd.argoproj.io/hook-delete-policy';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Sync phases in the order Argo CD runs them during a sync operation. */
export const SYNC_PHASES = ['PreSync', 'Sync', 'PostSync'] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

/**
 * Delete a hook's previous copy before creating it again (a Job's spec is immutable) and delete it
 * once the sync operation succeeded (the hook's RBAC lives only while the sync runs).
 */
export const HOOK_DELETE_POLICY = 'BeforeHookCreation,HookSucceeded';

/**
 * Waves of the Sync phase. Servers come first; server-acl-init needs them Ready (a leader) to
 * bootstrap ACLs; clients and catalog sync log in through the auth method it creates, so they follow.
 */
export const WAVE = { servers: 0, aclBootstrap: 1, aclClients: 2 } as const;
