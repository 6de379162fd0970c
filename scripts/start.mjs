#!/usr/bin/env node
// `npm start`: build when the sources changed, prepare the stores (migrate, seed the demo into an
// empty data dir, create the first admin), then serve (scripts/serve.mjs: Next behind node:http).
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { needsBuild } from './build-state.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const port = process.env.PORT || '3000'
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next')

function run(command, args, label) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  if (result.status !== 0) {
    console.error(`\n${label} failed (exit ${result.status}). Fix the error above and run npm start again.`)
    process.exit(result.status ?? 1)
  }
}

if (needsBuild(root)) {
  console.error('Building Oversight (first start or changed sources)…')
  run(process.execPath, [nextBin, 'build'], 'The build')
}
run(process.execPath, [path.join(root, 'scripts', 'oversight.mjs'), 'prepare'], 'Preparing the data stores')

console.error(`Starting Oversight on http://localhost:${port} (data: ${process.env.OVERSIGHT_DATA_DIR || './data'})`)
const server = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs'), '-p', port], { cwd: root, stdio: 'inherit', env: process.env })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
