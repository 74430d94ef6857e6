/**
 * What the results were measured on.
 * @module
 */
import { cpus, release, totalmem, type } from "node:os";

export function machineInfo() {
  const list = cpus();
  return {
    cpu: list[0]?.model?.trim() || "unknown CPU",
    cores: list.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${release()}`,
    node: process.versions.node,
    date: new Date().toISOString(),
  };
}
