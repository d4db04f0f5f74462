#!/usr/bin/env node
// tsc compiles only TypeScript; the de-identification dictionaries are data files read next to the
// compiled module, so the build copies them into dist/ alongside it.
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';

const from = 'src/deid/dictionaries';
const to = 'dist/deid/dictionaries';
for (const f of readdirSync(from).filter((f) => f.endsWith('.txt'))) cpSync(path.join(from, f), path.join(to, f));
console.log(`copied dictionaries to ${to}`);
