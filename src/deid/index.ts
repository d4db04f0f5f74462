// Public API of the de-identification engine. Nothing here imports from the rest of src/.
export { PHI_TYPES } from './types.js';
export type { DetectOptions, KnownIdentifier, PhiType, RedactMode, RedactResult, Span } from './types.js';
export { createDetector } from './engine.js';
export type { Detector } from './engine.js';
export { createRedactor, detect, redact } from './redact.js';
export type { RedactOptions, Redactor } from './redact.js';
export { redactStream } from './stream.js';
export type { RedactedChunk } from './stream.js';
export { SurrogateGenerator } from './surrogate.js';
export type { SurrogateOptions } from './surrogate.js';
export { PseudonymVault } from './vault.js';
export type { VaultSnapshot } from './vault.js';
export { RESTRICTED_ZIP3, safeZip3 } from './zip3.js';
export { runDeidCli } from './cli.js';
