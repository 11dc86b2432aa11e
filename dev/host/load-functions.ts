import { readdirSync } from 'node:fs';
import path from 'node:path';
import { registeredFunctions, type FunctionDefinition } from '../../functions/_lib/register';

/**
 * Loads every function file (functions/*.ts under jest, dist/functions/*.js after a build):
 * the same set package.json `main` points Azure at. Each file registers itself on import.
 */
export function loadFunctionFiles(dir = path.join(__dirname, '..', '..', 'functions')): readonly FunctionDefinition[] {
  const files = readdirSync(dir).filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.map'));
  for (const file of files.sort()) require(path.join(dir, file));
  return registeredFunctions();
}
