import { cpus, loadavg } from 'node:os';

/** The line every bench prints first: figures mean nothing without the machine they came from. */
export function machineLine(): string {
  const cpu = cpus();
  return `machine: ${cpu[0]?.model ?? 'unknown CPU'} x${cpu.length}, node ${process.version}, ${process.platform}/${process.arch}, load average ${loadavg()[0]!.toFixed(2)} (other work on the machine lowers the figures)`;
}
