#!/usr/bin/env node
/**
 * Makes sure a Chromium exists for the browser tests: CHROMIUM_PATH, else /usr/bin/chromium; when missing and
 * running as root on Debian, installs Debian's `chromium`; otherwise says exactly what to install.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version');
if (isRoot && isDebian && !process.env.CHROMIUM_PATH) {
	console.log('Chromium not found: installing Debian package "chromium"…');
	execSync('apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium', {
		stdio: 'inherit'
	});
	if (existsSync(path)) process.exit(0);
}
console.error(
	`No Chromium at ${path}. Install it (Debian/Ubuntu: "sudo apt-get install chromium") or set CHROMIUM_PATH ` +
		'to a Chromium or Chrome executable.'
);
process.exit(1);
