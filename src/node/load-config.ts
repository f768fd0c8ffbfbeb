// The Node entries' configuration: process.env through the one schema (src/config.ts). The
// worker reads its bindings instead (src/worker/bindings.ts).
import { type Config, parseConfig } from '../config.js';

export function loadConfig(): Config {
  return parseConfig(process.env);
}
