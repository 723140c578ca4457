// The page's own engine under Node: re2js, followup-engine.js, followup-checker.js and
// followup-match.js, exactly as the browser loads them, on the cases that
// tests/unit/test_page_engine.py sends on standard input. It prints what the page
// would show (sentence splits, labels, reports, matches) as JSON, for the test to
// compare with Python's answers and with tests/engine/cases.toml.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const STATIC = new URL("../../src/followup/static/", import.meta.url);
const input = JSON.parse(readFileSync(0, "utf8"));

globalThis.window = globalThis;
globalThis.document = { readyState: "complete", querySelector: () => null, addEventListener() {} };
window.followupRulesData = input.rules;
window.followupLearnedData = input.learned;
// As the build writes it: each long word list once, its uses marked (site/tools.py).
window.followupSignalsData = {
  signals: input.signals, words: input.words, letters: input.letters, pages: {}, limit: 1e6,
};
const scripts = ["re2js.js", "followup-engine.js", "followup-learned.js", "followup-checker.js"];
for (const name of [...scripts, "followup-match.js"]) {
  vm.runInThisContext(readFileSync(new URL(name, STATIC), "utf8"), { filename: name });
}

const rules = window.followupRules;
const classesOf = window.followupLearned.wordClasses(input.learned.classes);
const output = {
  splits: input.splits.map((text) => rules.sentences(text)),
  labels: input.sentences.map((text) => rules.labelsOf(text)),
  scores: input.sentences.map((text) =>
    Object.fromEntries(Object.entries(rules.models).map(([label, m]) => [label, m.score(text)]))
  ),
  features: input.models.map(([text]) => window.followupLearned.features(text, classesOf)),
  models: input.models.map(([text, label]) => rules.models[label].score(text)),
  reports: input.drafts.map((text) => {
    const report = rules.check(text);
    delete report.sentences;
    return report;
  }),
  contexts: input.contexts.map(([text, context]) => {
    const report = rules.check(text, { context });
    delete report.sentences;
    return report;
  }),
  matches: input.messages.map((text) => {
    const m = window.followupMatch.match(text);
    const { stage, signals, fields, found_by, letters, advice } = m;
    return { stage, signals, fields, found_by, letters, advice };
  }),
};
process.stdout.write(JSON.stringify(output));
