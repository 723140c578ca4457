/* The letter rules in the browser, and the "check your draft" page.
 *
 * The rules come from followup-rules-data.js, which the build writes from the same
 * rules.toml the `followup check` command reads; followup-engine.js compiles and
 * applies them, sentence by sentence, exactly as src/followup/engine.py does, and this
 * file turns the result into a report. The draft never leaves the page.
 */
(function () {
  "use strict";

  var data = window.followupRulesData;
  if (!data || !window.followupEngine) {
    return;
  }

  var engine = window.followupEngine.compile(data);
  var element = window.followupEngine.element;
  var sizeOf = window.followupEngine.sizeOf;
  var rules = engine.rules;
  var hits = engine.hits;
  var sentences = engine.sentences;
  var sentenceKinds = ["required", "forbidden", "advised", "noted"];

  /* Every match of a leftover rule (a placeholder) in the whole text, with its line. */
  function leftovers(rule, text) {
    var reading = engine.read(text);
    text = reading.text;
    var found = [];
    rule.shapes.forEach(function (shape) {
      var line = 1;
      var counted = 0;
      shape.anchors[0].pattern.each(text, function (match) {
        for (; counted < match.start(); counted += 1) {
          if (text.charCodeAt(counted) === 10) {
            line += 1;
          }
        }
        var quoted = reading.quote(match.start(), match.end());
        found.push(finding(rule.id, line, quoted, rule.fix, shape.name, null));
      });
    });
    return found;
  }

  function finding(rule, line, sentence, message, shape, suggestion) {
    return {
      rule: rule,
      line: line,
      sentence: sentence,
      message: message,
      shape: shape === undefined ? null : shape,
      suggestion: suggestion === undefined ? null : suggestion,
    };
  }

  function byLine(a, b) {
    return (a.line || 0) - (b.line || 0) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
  }

  /* The labels of one sentence: {thanks: true, ...}. */
  var models = window.followupLearned
    ? window.followupLearned.compile(window.followupLearnedData || { models: {} })
    : {};

  /* The rules a (read) sentence has, each with its shape (checker.shapes_in). */
  function shapesIn(sentence, found) {
    var shapes = {};
    rules.forEach(function (rule) {
      if (sentenceKinds.indexOf(rule.kind) < 0) {
        return;
      }
      var shape = engine.shapeOrModel(rule, sentence, found, models[rule.id]);
      if (shape !== null) {
        shapes[rule.id] = shape;
      }
    });
    return shapes;
  }

  function labelsOf(sentence) {
    var text = engine.readable(sentence);
    var shapes = shapesIn(text, hits(text));
    var labels = {};
    rules.forEach(function (rule) {
      if (sentenceKinds.indexOf(rule.kind) >= 0) {
        labels[rule.id] = Object.prototype.hasOwnProperty.call(shapes, rule.id);
      }
    });
    return labels;
  }

  /* The verdict on a whole text, shaped like `followup check --format json`. */
  function check(text, options) {
    var placeholdersAllowed = Boolean(options && options.placeholdersAllowed);
    var judged = sentences(text).map(function (sentence) {
      var shapes = shapesIn(sentence.text, hits(sentence.text));
      return {
        text: sentence.written,
        line: sentence.line,
        shapes: shapes,
        hits: Object.keys(shapes),
      };
    });
    var labels = {};
    var findings = [];
    var notes = [];
    /* What they said about feedback changes a rule's kind and fix (checker.judge). */
    var told = data.contexts.told[(options && options.context) || data.contexts.default];
    var own = Object.prototype.hasOwnProperty;
    rules.forEach(function (rule) {
      if (sentenceKinds.indexOf(rule.kind) >= 0) {
        labels[rule.id] = judged.some(function (s) {
          return s.hits.indexOf(rule.id) >= 0;
        });
      }
      var kind = own.call(told.kinds, rule.id) ? told.kinds[rule.id] : rule.kind;
      var fix = own.call(told.fixes, rule.id) ? told.fixes[rule.id] : rule.fix;
      var insteads = told.instead || {};
      if ((kind === "required" || kind === "advised") && !labels[rule.id]) {
        (kind === "required" ? findings : notes).push(finding(rule.id, null, null, fix));
      } else if (kind === "forbidden" || kind === "noted") {
        judged.forEach(function (s) {
          var shape = s.shapes[rule.id];
          if (shape) {
            (kind === "forbidden" ? findings : notes).push(
              finding(
                rule.id,
                s.line,
                s.text,
                fix,
                shape.name,
                own.call(insteads, rule.id) ? insteads[rule.id] : shape.instead
              )
            );
          }
        });
      } else if (kind === "leftover" && !placeholdersAllowed) {
        findings = findings.concat(leftovers(rule, text));
      }
    });
    var words = text.split(/\s+/).filter(Boolean).length;
    if (words > data.long_letter) {
      notes.push(
        finding(
          "long",
          null,
          null,
          "This draft has " + words + " words. Most good letters are under 150; cut what " +
            "they do not need to read."
        )
      );
    }
    findings.sort(byLine);
    notes.sort(byLine);
    var result = {};
    Object.keys(labels).forEach(function (key) {
      result[key] = labels[key];
    });
    result.ok = findings.length === 0;
    result.words = words;
    result.findings = findings;
    result.notes = notes.map(function (note) {
      return {
        rule: note.rule,
        line: note.line,
        sentence: note.sentence,
        message: note.message,
        suggestion: note.suggestion,
      };
    });
    result.sentences = judged;
    return result;
  }

  window.followupRules = {
    rules: rules,
    sentences: sentences,
    labelsOf: labelsOf,
    check: check,
    models: models,
  };

  /* The page: a text area, and a report that updates as the reader types. */

  /* At most this many sentences and notes are laid out: a reader cannot read more, and
     laying out a whole book on every keystroke would freeze the page. */
  var SHOWN = 200;
  var LIMIT = window.followupDraftLimit || 1000000;

  function more(list, count, what) {
    if (count > SHOWN) {
      list.appendChild(
        element("li", "checker-more", "…and " + (count - SHOWN) + " more " + what + ", not shown.")
      );
    }
  }

  function described(finding, className, suggested) {
    var item = element("li", className);
    if (finding.line !== null) {
      item.appendChild(element("span", "checker-line", "Line " + finding.line + ": "));
    }
    if (finding.sentence !== null) {
      item.appendChild(element("q", "checker-sentence", finding.sentence));
    }
    item.appendChild(element("p", "checker-fix", finding.message));
    /* One suggestion a sentence, and never the same suggestion twice. */
    if (finding.suggestion && !suggested.has(finding.sentence) && !suggested.has(finding.suggestion)) {
      suggested.add(finding.sentence);
      suggested.add(finding.suggestion);
      var instead = element("p", "checker-instead");
      instead.appendChild(element("strong", "", "Instead, you could write: "));
      instead.appendChild(element("q", "", finding.suggestion));
      item.appendChild(instead);
    }
    return item;
  }

  function render(report, output, context) {
    var byId = {};
    rules.forEach(function (rule) {
      byId[rule.id] = rule;
    });
    var told = data.contexts.told[context || data.contexts.default];
    function kindOf(rule) {
      return Object.prototype.hasOwnProperty.call(told.kinds, rule.id)
        ? told.kinds[rule.id]
        : rule.kind;
    }
    var suggested = new Set();
    var fragment = document.createDocumentFragment();
    var asks = report.feedback_request ? "asks for feedback" : "does not ask for feedback again";
    var verdict = report.ok
      ? "This draft thanks them, " + asks + " and does not ask why."
      : "This draft needs " + report.findings.length + " change" +
        (report.findings.length === 1 ? "" : "s") + ".";
    fragment.appendChild(element("p", "checker-verdict", verdict));

    var summary = element("ul", "checker-summary");
    rules.forEach(function (rule) {
      var kind = kindOf(rule);
      if (kind !== "required" && kind !== "forbidden" && kind !== "leftover") {
        return;
      }
      var present = kind === "leftover"
        ? report.findings.some(function (f) { return f.rule === rule.id; })
        : report[rule.id];
      var good = kind === "required" ? present : !present;
      var item = element("li", good ? "checker-pass" : "checker-fail");
      var state = kind === "required"
        ? (present ? "Found" : "Missing")
        : (present ? "Found: change it" : "None found");
      item.appendChild(element("strong", "", rule.title + ": "));
      item.appendChild(document.createTextNode(state));
      summary.appendChild(item);
    });
    fragment.appendChild(summary);

    if (report.findings.length) {
      fragment.appendChild(element("h2", "checker-heading", "What to change"));
      var changes = element("ul", "checker-findings");
      report.findings.slice(0, SHOWN).forEach(function (finding) {
        changes.appendChild(described(finding, "checker-fail", suggested));
      });
      more(changes, report.findings.length, "changes");
      fragment.appendChild(changes);
    }
    if (report.notes.length) {
      fragment.appendChild(element("h2", "checker-heading", "Worth considering"));
      fragment.appendChild(
        element("p", "checker-note-intro", "Advice, not rules: your draft can pass without these.")
      );
      var notes = element("ul", "checker-notes");
      report.notes.slice(0, SHOWN).forEach(function (note) {
        notes.appendChild(described(note, "checker-note", suggested));
      });
      more(notes, report.notes.length, "notes");
      fragment.appendChild(notes);
    }
    if (report.sentences.length) {
      fragment.appendChild(element("h2", "checker-heading", "Sentence by sentence"));
      var list = element("ol", "checker-sentences");
      report.sentences.slice(0, SHOWN).forEach(function (sentence) {
        var item = element("li", sentence.hits.indexOf("asks_why") >= 0 ? "checker-fail" : "");
        item.appendChild(element("span", "checker-line", "Line " + sentence.line + ": "));
        item.appendChild(element("q", "checker-sentence", sentence.text));
        /* Each sentence is labelled by what was found in it ("asks why", "sounds
           bitter"), never by what it was checked for. */
        var tags = sentence.hits.map(function (id) {
          return byId[id].found || byId[id].title.toLowerCase();
        });
        if (tags.length) {
          item.appendChild(element("span", "checker-tags", " (" + tags.join(", ") + ")"));
        }
        list.appendChild(item);
      });
      more(list, report.sentences.length, "sentences");
      fragment.appendChild(list);
    }
    output.textContent = "";
    output.appendChild(fragment);
  }

  function setUp() {
    var form = document.querySelector("form.draft-checker");
    if (!form) {
      return;
    }
    var input = form.querySelector("textarea");
    var context = form.querySelector("select[name=context]");
    var output = document.querySelector(".draft-checker-report");
    function say(message) {
      output.textContent = "";
      output.appendChild(element("p", "checker-verdict", message));
    }
    function update() {
      var text = input.value;
      if (!text.trim()) {
        say("Paste or type your draft above.");
      } else if (sizeOf(text) > LIMIT) {
        say(
          "This is over " + LIMIT / 1000000 + " MB, the most the checker reads. A letter is a " +
            "few hundred words: paste one letter at a time."
        );
      } else {
        var said = context ? context.value : null;
        render(check(text, { context: said }), output, said);
      }
    }
    window.followupEngine.onPause(form, input, update);
    if (context) {
      context.addEventListener("change", update);
    }
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
