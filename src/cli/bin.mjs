#!/usr/bin/env node
// Entry point of `npx salesforce-user-connector`: loads the TypeScript sources through tsx, runs, exits.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
