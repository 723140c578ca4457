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

  /* Each keyed pattern gets a number, and the index files its keys by their first three
     letters (or two, for a two-letter key): exactly as src/followup/rules.py does. */
  var index = {};
  var count = 0;

  function keyed(item) {
    var pattern = new RegExp(item.pattern, "i");
    if (item.keys === null) {
      return { pattern: pattern, id: -1 };
    }
    count += 1;
    item.keys.forEach(function (key) {
      var start = key.slice(0, 3);
      (index[start] = index[start] || []).push([key, count]);
    });
    return { pattern: pattern, id: count };
  }

  var rules = data.rules.map(function (rule) {
    var numbers = [];
    var shapes = rule.shapes.map(function (shape) {
      var anchors = shape.anchors.map(keyed);
      anchors.forEach(function (anchor) {
        numbers.push(anchor.id);
      });
      return {
        name: shape.name,
        anchors: anchors,
        rest: shape.rest.map(function (pattern) {
          return new RegExp(pattern, "i");
        }),
        example: shape.example,
        instead: shape.instead,
      };
    });
    var exceptions = rule.except.map(function (item) {
      var made = keyed(item);
      made.pattern = new RegExp(item.pattern, "gi");
      numbers.push(made.id);
      return made;
    });
    return {
      id: rule.id,
      title: rule.title,
      kind: rule.kind,
      explain: rule.explain,
      fix: rule.fix,
      shapes: shapes,
      exceptions: exceptions,
      keyed: numbers.indexOf(-1) >= 0 ? null : numbers,
    };
  });
  var sentenceKinds = ["required", "forbidden", "advised", "noted"];
  var abbreviations = new Set(data.abbreviations);

  function normalise(text) {
    data.normalize.forEach(function (pair) {
      text = text.split(pair[0]).join(pair[1]);
    });
    return text;
  }

  /* The patterns one of whose keys starts a word of the sentence. */
  function hits(sentence) {
    var found = new Set();
    var words = sentence.toLowerCase().match(/\w+/g) || [];
    words.forEach(function (word) {
      (index[word.slice(0, 3)] || []).forEach(function (entry) {
        if (word.indexOf(entry[0]) === 0) {
          found.add(entry[1]);
        }
      });
      if (word.length > 2) {
        (index[word.slice(0, 2)] || []).forEach(function (entry) {
          found.add(entry[1]);
        });
      }
    });
    return found;
  }

  function blank(hit) {
    return " ".repeat(hit.length);
  }

  function shapeOf(rule, sentence, found) {
    if (found === undefined) {
      found = hits(sentence);
    }
    if (rule.keyed !== null && !rule.keyed.some(function (n) { return found.has(n); })) {
      return null;
    }
    rule.exceptions.forEach(function (exception) {
      if (exception.id < 0 || found.has(exception.id)) {
        exception.pattern.lastIndex = 0;
        var blanked = sentence.replace(exception.pattern, blank);
        if (blanked !== sentence) {
          sentence = blanked;
          found = hits(blanked);
        }
      }
    });
    for (var i = 0; i < rule.shapes.length; i += 1) {
      var shape = rule.shapes[i];
      var anchored = shape.anchors.some(function (anchor) {
        return (anchor.id < 0 || found.has(anchor.id)) && anchor.pattern.test(sentence);
      });
      if (
        anchored &&
        shape.rest.every(function (pattern) {
          return pattern.test(sentence);
        })
      ) {
        return shape;
      }
    }
    return null;
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

  /* Every match of a leftover rule (a placeholder) in the whole text, with its line. */
  function leftovers(rule, text) {
    text = normalise(text.replace(/\r\n/g, "\n").replace(/\r/g, "\n"));
    var found = [];
    rule.shapes.forEach(function (shape) {
      var pattern = new RegExp(shape.anchors[0].pattern.source, "gi");
      var match;
      var line = 1;
      var counted = 0;
      while ((match = pattern.exec(text)) !== null) {
        for (; counted < match.index; counted += 1) {
          if (text.charCodeAt(counted) === 10) {
            line += 1;
          }
        }
        found.push(finding(rule.id, line, match[0], rule.fix, shape.name, null));
        if (match[0].length === 0) {
          pattern.lastIndex += 1;
        }
      }
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
  function labelsOf(sentence) {
    var text = normalise(sentence);
    var labels = {};
    rules.forEach(function (rule) {
      if (sentenceKinds.indexOf(rule.kind) >= 0) {
        labels[rule.id] = shapeOf(rule, text) !== null;
      }
    });
    return labels;
  }

  /* The verdict on a whole text, shaped like `followup check --format json`. */
  function check(text, options) {
    var placeholdersAllowed = Boolean(options && options.placeholdersAllowed);
    var judged = sentences(text).map(function (sentence) {
      var found = hits(sentence.text);
      var shapes = {};
      rules.forEach(function (rule) {
        if (sentenceKinds.indexOf(rule.kind) >= 0) {
          var shape = shapeOf(rule, sentence.text, found);
          if (shape !== null) {
            shapes[rule.id] = shape;
          }
        }
      });
      return { text: sentence.text, line: sentence.line, shapes: shapes, hits: Object.keys(shapes) };
    });
    var labels = {};
    var findings = [];
    var notes = [];
    rules.forEach(function (rule) {
      if (sentenceKinds.indexOf(rule.kind) >= 0) {
        labels[rule.id] = judged.some(function (s) {
          return s.hits.indexOf(rule.id) >= 0;
        });
      }
      if ((rule.kind === "required" || rule.kind === "advised") && !labels[rule.id]) {
        (rule.kind === "required" ? findings : notes).push(finding(rule.id, null, null, rule.fix));
      } else if (rule.kind === "forbidden" || rule.kind === "noted") {
        judged.forEach(function (s) {
          var shape = s.shapes[rule.id];
          if (shape) {
            (rule.kind === "forbidden" ? findings : notes).push(
              finding(rule.id, s.line, s.text, rule.fix, shape.name, shape.instead)
            );
          }
        });
      } else if (rule.kind === "leftover" && !placeholdersAllowed) {
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
      return { rule: note.rule, line: note.line, sentence: note.sentence, message: note.message };
    });
    result.sentences = judged;
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

  function described(finding, className) {
    var item = element("li", className);
    if (finding.line !== null) {
      item.appendChild(element("span", "checker-line", "Line " + finding.line + ": "));
    }
    if (finding.sentence !== null) {
      item.appendChild(element("q", "checker-sentence", finding.sentence));
    }
    item.appendChild(element("p", "checker-fix", finding.message));
    if (finding.suggestion) {
      var instead = element("p", "checker-instead");
      instead.appendChild(element("strong", "", "Instead, you could write: "));
      instead.appendChild(element("q", "", finding.suggestion));
      item.appendChild(instead);
    }
    return item;
  }

  function render(report, output) {
    var byId = {};
    rules.forEach(function (rule) {
      byId[rule.id] = rule;
    });
    var fragment = document.createDocumentFragment();
    var verdict = report.ok
      ? "This draft thanks them, asks for feedback and does not ask why."
      : "This draft needs " + report.findings.length + " change" +
        (report.findings.length === 1 ? "" : "s") + ".";
    fragment.appendChild(element("p", "checker-verdict", verdict));

    var summary = element("ul", "checker-summary");
    rules.forEach(function (rule) {
      if (rule.kind !== "required" && rule.kind !== "forbidden" && rule.kind !== "leftover") {
        return;
      }
      var present = rule.kind === "leftover"
        ? report.findings.some(function (f) { return f.rule === rule.id; })
        : report[rule.id];
      var good = rule.kind === "required" ? present : !present;
      var item = element("li", good ? "checker-pass" : "checker-fail");
      var state = rule.kind === "required"
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
        changes.appendChild(described(finding, "checker-fail"));
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
        notes.appendChild(described(note, "checker-note"));
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
        var tags = sentence.hits.map(function (id) {
          return byId[id].kind === "forbidden" ? "asks why" : byId[id].title.toLowerCase();
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

  function sizeOf(text) {
    return window.TextEncoder ? new TextEncoder().encode(text).length : text.length;
  }

  function setUp() {
    var form = document.querySelector("form.draft-checker");
    if (!form) {
      return;
    }
    var input = form.querySelector("textarea");
    var output = document.querySelector(".draft-checker-report");
    var timer = null;
    function say(message) {
      output.textContent = "";
      output.appendChild(element("p", "checker-verdict", message));
    }
    function update() {
      timer = null;
      var text = input.value;
      if (!text.trim()) {
        say("Paste or type your draft above.");
      } else if (sizeOf(text) > LIMIT) {
        say(
          "This is over " + LIMIT / 1000000 + " MB, the most the checker reads. A letter is a " +
            "few hundred words: paste one letter at a time."
        );
      } else {
        render(check(text), output);
      }
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      /* Wait until typing pauses; longer drafts wait a little longer. */
      timer = window.setTimeout(update, Math.min(1000, 150 + input.value.length / 2000));
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
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
