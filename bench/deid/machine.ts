import { cpus, loadavg } from 'node:os';

export function machine(): string {
  const c = cpus();
  return `CPU: ${c[0]?.model ?? 'unknown'} (${c.length} logical cores), node ${process.version}, ${process.platform}/${process.arch}, load average at start ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`;
}
