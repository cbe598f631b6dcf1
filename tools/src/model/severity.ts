/** How much a finding matters: an error blocks a sync, a warning and an info are reported only. */
export type Severity = 'error' | 'warning' | 'info';
