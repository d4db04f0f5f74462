#!/usr/bin/env node
// Builds the web app (web/ -> web/dist) with Vite when the build is missing or older than any of
// its sources. `confidant start` calls ensureWebBuild() so the README's start command serves the
// whole product; run it directly (`npm run build:web`) to build by hand; `--force` rebuilds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(repo, 'web');
const distIndex = path.join(webDir, 'dist', 'index.html');

/** Newest modification time among the app's sources (web/ without its build) and the lock file. */
function newestSourceMtime(dir = webDir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** 'missing' | 'stale' | 'fresh' */
export function webBuildState() {
  if (!existsSync(distIndex)) return 'missing';
  const built = statSync(distIndex).mtimeMs;
  const lock = path.join(repo, 'package-lock.json');
  const sources = Math.max(newestSourceMtime(), existsSync(lock) ? statSync(lock).mtimeMs : 0);
  return sources > built ? 'stale' : 'fresh';
}

/**
 * Builds when needed. Returns what happened: 'fresh' (nothing to do), 'built', or 'unavailable'
 * (Vite is not installed, as after `npm ci --omit=dev`: an existing build is served as it is).
 */
export async function ensureWebBuild({ force = false, log = (m) => console.log(m) } = {}) {
  const state = force ? 'stale' : webBuildState();
  if (state === 'fresh') return 'fresh';
  let vite;
  try {
    vite = await import('vite');
  } catch {
    log(state === 'missing' ? 'The web app is not built and Vite is not installed (npm ci installs it): serving the API only.' : 'The web app build is older than its sources, but Vite is not installed: serving the existing build.');
    return 'unavailable';
  }
  log(`Building the web app (${state === 'missing' ? 'no build yet' : 'sources changed'})...`);
  const started = Date.now();
  await vite.build({ configFile: path.join(webDir, 'vite.config.ts'), root: webDir, logLevel: 'warn' });
  log(`Web app built in ${Date.now() - started} ms (web/dist).`);
  return 'built';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ensureWebBuild({ force: process.argv.includes('--force') });
}
