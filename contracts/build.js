// Compiles contracts/src and contracts/test with solc-js (npm "solc", no
// download at run time) and OpenZeppelin from node_modules, and writes
// build/<Name>.abi and build/<Name>.bin for each deployed contract. Called
// by build.sh; settings here are the settings of the checked-in bytecode.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const root = __dirname;
const contracts = {
  'src/UCTVault.sol': ['UCTVault'],
  'src/MasterVault.sol': ['MasterVault'],
  'test/TestToken.sol': ['TestToken'],
  'test/ReentrantToken.sol': ['ReentrantToken'],
};

const sources = {};
for (const dir of ['src', 'test']) {
  for (const f of fs.readdirSync(path.join(root, dir)).sort()) {
    if (f.endsWith('.sol')) {
      sources[`${dir}/${f}`] = { content: fs.readFileSync(path.join(root, dir, f), 'utf8') };
    }
  }
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    // Cancun: what mainnet and its L2s run; no newer opcodes in the bytecode.
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: 'none' }, // bytecode independent of file paths and comments' IPFS hash
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

function findImports(p) {
  const file = path.join(root, 'node_modules', p);
  if (fs.existsSync(file)) return { contents: fs.readFileSync(file, 'utf8') };
  return { error: `not found: ${p}` };
}

const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
let failed = false;
for (const e of out.errors || []) {
  process.stderr.write(e.formattedMessage + '\n');
  if (e.severity === 'error') failed = true;
}
if (failed) process.exit(1);

const dir = path.join(root, 'build');
fs.mkdirSync(dir, { recursive: true });
for (const [file, names] of Object.entries(contracts)) {
  for (const name of names) {
    const c = out.contracts[file][name];
    fs.writeFileSync(path.join(dir, `${name}.abi`), JSON.stringify(c.abi, null, 1) + '\n');
    fs.writeFileSync(path.join(dir, `${name}.bin`), c.evm.bytecode.object + '\n');
    process.stdout.write(`${name}: ${c.evm.bytecode.object.length / 2} bytes of init code\n`);
  }
}
process.stdout.write(`solc ${solc.version()}\n`);
