#!/usr/bin/env node
// Runs the TypeScript CLI straight from source (workspaces share source, no build step).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
