/* The letter rules in the browser, and the "check your draft" page.
 *
 * The rules come from followup-rules-data.js, which the build writes from the same
 * rules.toml the `followup check` command reads; this file only compiles and applies
 * them, sentence by sentence, exactly as src/followup/rules.py does. The draft never
 * leaves the page.
 */
(function () {
  "use strict";

  var data = window.followupRulesData;
  if (!data) {
    return;
  }

  var rules = data.rules.map(function (rule) {
    return {
      id: rule.id,
      title: rule.title,
      kind: rule.kind,
      explain: rule.explain,
      fix: rule.fix,
      match: rule.match.map(function (entry) {
        return entry.map(function (pattern) {
          return new RegExp(pattern, "i");
        });
      }),
      except: rule.except.map(function (pattern) {
        return new RegExp(pattern, "gi");
      }),
    };
  });
  var abbreviations = new Set(data.abbreviations);

  function normalise(text) {
    data.normalize.forEach(function (pair) {
      text = text.split(pair[0]).join(pair[1]);
    });
    return text;
  }

  function sentences(text) {
    text = normalise(text.replace(/\r\n/g, "\n").replace(/\r/g, "\n"));
    var found = [];
    var lines = { offset: 0, count: 1 };
    var breaks = new RegExp(data.paragraph_break, "g");
    var start = 0;
    var block;
    while ((block = breaks.exec(text)) !== null) {
      splitBlock(text, start, block.index, found, lines);
      start = block.index + block[0].length;
      if (block[0].length === 0) {
        breaks.lastIndex += 1;
      }
    }
    splitBlock(text, start, text.length, found, lines);
    return found;
  }

  function splitBlock(text, start, end, found, lines) {
    var block = text.slice(start, end);
    var ends = new RegExp(data.sentence_end, "g");
    var position = 0;
    var stop;
    while ((stop = ends.exec(block)) !== null) {
      if (stop[0].length === 0) {
        ends.lastIndex += 1;
        continue;
      }
      if (stop[0] === ".") {
        var before = block
          .slice(Math.max(position, stop.index - 12), stop.index)
          .split(/\s+/)
          .filter(Boolean);
        var word = before.length ? before[before.length - 1].toLowerCase() : "";
        if (abbreviations.has(word) || /^\p{L}$/u.test(word)) {
          continue;
        }
      }
      add(text, start + position, start + stop.index + stop[0].length, found, lines);
      position = stop.index + stop[0].length;
    }
    add(text, start + position, end, found, lines);
  }

  function add(text, start, end, found, lines) {
    var piece = text.slice(start, end);
    var stripped = piece.trimStart();
    if (!stripped.trim()) {
      return;
    }
    var offset = start + piece.length - stripped.length;
    for (var i = lines.offset; i < offset; i += 1) {
      if (text.charCodeAt(i) === 10) {
        lines.count += 1;
      }
    }
    lines.offset = offset;
    found.push({ text: stripped.split(/\s+/).filter(Boolean).join(" "), line: lines.count });
  }

  function matches(rule, sentence) {
    rule.except.forEach(function (pattern) {
      sentence = sentence.replace(pattern, function (hit) {
        return " ".repeat(hit.length);
      });
    });
    return rule.match.some(function (entry) {
      return entry.every(function (pattern) {
        return pattern.test(sentence);
      });
    });
  }

  /* The labels of one sentence: {thanks: true, ...}. */
  function labelsOf(sentence) {
    var text = normalise(sentence);
    var labels = {};
    rules.forEach(function (rule) {
      labels[rule.id] = matches(rule, text);
    });
    return labels;
  }

  /* The verdict on a whole text, shaped like `followup check --format json`. */
  function check(text) {
    var judged = sentences(text).map(function (sentence) {
      return {
        text: sentence.text,
        line: sentence.line,
        hits: rules
          .filter(function (rule) {
            return matches(rule, sentence.text);
          })
          .map(function (rule) {
            return rule.id;
          }),
      };
    });
    var labels = {};
    var findings = [];
    rules.forEach(function (rule) {
      labels[rule.id] = judged.some(function (s) {
        return s.hits.indexOf(rule.id) >= 0;
      });
      if (rule.kind === "required" && !labels[rule.id]) {
        findings.push({ rule: rule.id, line: null, sentence: null, message: rule.fix });
      } else if (rule.kind === "forbidden") {
        judged.forEach(function (s) {
          if (s.hits.indexOf(rule.id) >= 0) {
            findings.push({ rule: rule.id, line: s.line, sentence: s.text, message: rule.fix });
          }
        });
      }
    });
    findings.sort(function (a, b) {
      return (a.line || 0) - (b.line || 0) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
    });
    var result = { ok: findings.length === 0, findings: findings, sentences: judged };
    Object.keys(labels).forEach(function (key) {
      result[key] = labels[key];
    });
    return result;
  }

  window.followupRules = { rules: rules, sentences: sentences, labelsOf: labelsOf, check: check };

  /* The page: a text area, and a report that updates as the reader types. */

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function render(report, output) {
    output.textContent = "";
    var byId = {};
    rules.forEach(function (rule) {
      byId[rule.id] = rule;
    });
    var summary = element("ul", "checker-summary");
    rules.forEach(function (rule) {
      var good = rule.kind === "required" ? report[rule.id] : !report[rule.id];
      var item = element("li", good ? "checker-pass" : "checker-fail");
      var verdict;
      if (rule.kind === "required") {
        verdict = report[rule.id] ? "Found" : "Missing";
      } else {
        verdict = report[rule.id] ? "Found: change it" : "None found";
      }
      item.appendChild(element("strong", "", rule.title + ": "));
      item.appendChild(document.createTextNode(verdict));
      summary.appendChild(item);
    });
    output.appendChild(summary);

    var missing = report.findings.filter(function (f) {
      return f.line === null;
    });
    missing.forEach(function (finding) {
      output.appendChild(element("p", "checker-fix", finding.message));
    });

    if (report.sentences.length) {
      output.appendChild(element("h2", "checker-heading", "Sentence by sentence"));
      var list = element("ol", "checker-sentences");
      report.sentences.forEach(function (sentence) {
        var item = element("li", sentence.hits.indexOf("asks_why") >= 0 ? "checker-fail" : "");
        item.appendChild(element("span", "checker-line", "Line " + sentence.line + ": "));
        item.appendChild(element("q", "checker-sentence", sentence.text));
        if (sentence.hits.length) {
          var tags = sentence.hits.map(function (id) {
            return byId[id].kind === "required" ? byId[id].title.toLowerCase() : "asks why";
          });
          item.appendChild(element("span", "checker-tags", " (" + tags.join(", ") + ")"));
        }
        if (sentence.hits.indexOf("asks_why") >= 0) {
          item.appendChild(element("p", "checker-fix", byId.asks_why.fix));
        }
        list.appendChild(item);
      });
      output.appendChild(list);
    }
    var verdict = report.ok
      ? "This draft thanks them, asks for feedback and does not ask why."
      : "This draft needs " + report.findings.length + " change" +
        (report.findings.length === 1 ? "" : "s") + ".";
    output.insertBefore(element("p", "checker-verdict", verdict), output.firstChild);
  }

  function setUp() {
    var form = document.querySelector("form.draft-checker");
    if (!form) {
      return;
    }
    var input = form.querySelector("textarea");
    var output = document.querySelector(".draft-checker-report");
    var timer = null;
    function update() {
      if (!input.value.trim()) {
        output.textContent = "";
        output.appendChild(element("p", "checker-verdict", "Paste or type your draft above."));
        return;
      }
      render(check(input.value), output);
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });
    form.hidden = false;
    output.hidden = false;
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
