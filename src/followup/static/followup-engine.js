/* The engine of the letter rules and of the message recognisers, in the browser.
 *
 * Both are data in one format (src/followup/rules.toml and signals.toml), resolved by the
 * build into plain patterns; this file compiles such data and applies it sentence by
 * sentence, exactly as src/followup/engine.py does: the same sentence splitting, the same
 * keyword index, the same shapes and exceptions. The draft checker
 * (followup-checker.js) and the message box (followup-match.js) are built on it, and
 * share the few page helpers at the end.
 */
(function () {
  "use strict";

  var RE2JS = window.RE2JS.RE2JS;

  /* One pattern from the data, compiled by re2js: the same engine (RE2) and the same
     flags as src/followup/linear.py, so every pattern runs in time linear in the text
     and reads alike in both. */
  function Pattern(source, options) {
    var flags = (options && options.ignoreCase ? "i" : "") + (options && options.multiline ? "m" : "");
    this.source = source;
    this.re = RE2JS.compile((flags ? "(?" + flags + ")" : "") + source);
  }

  Pattern.prototype.test = function (text) {
    return this.re.test(text);
  };

  /* Each match, left to right: calls found(matcher) with start(), end() and group(n). */
  Pattern.prototype.each = function (text, found) {
    var matcher = this.re.matcher(text);
    while (matcher.find()) {
      found(matcher);
    }
  };

  Pattern.prototype.first = function (text) {
    var matcher = this.re.matcher(text);
    return matcher.find() ? matcher : null;
  };

  /* The text with every match replaced by replacement (taken literally). */
  Pattern.prototype.sub = function (text, replacement) {
    var pieces = [];
    var last = 0;
    this.each(text, function (m) {
      pieces.push(text.slice(last, m.start()), replacement(m.group()));
      last = m.end();
    });
    if (!pieces.length) {
      return text;
    }
    pieces.push(text.slice(last));
    return pieces.join("");
  };

  /* Where a break or a sentence's end is: its first group if it has one, as
     src/followup/engine.py's _span says. */
  function span(matcher) {
    if (matcher.groupCount() > 0 && matcher.start(1) >= 0) {
      return [matcher.start(1), matcher.end(1)];
    }
    return [matcher.start(), matcher.end()];
  }

  /* The text with each run after a RIGHT-TO-LEFT OVERRIDE in the order it is shown,
     as src/followup/engine.py's visual_order does. */
  var OPENERS = "\u202a\u202b\u202d\u202e\u2066\u2067\u2068";
  var RTL_OVERRIDE = "\u202e";
  var CLOSERS = "\u202c\u2069";

  function visualOrder(text) {
    if (text.indexOf(RTL_OVERRIDE) < 0) {
      return text;
    }
    return text.split("\n").map(visualLine).join("\n");
  }

  function visualLine(line) {
    var stack = [{ reverse: false, pieces: [] }];
    function close() {
      var run = stack.pop();
      var pieces = run.reverse ? run.pieces.slice().reverse() : run.pieces;
      stack[stack.length - 1].pieces.push(pieces.join(""));
    }
    Array.from(line).forEach(function (char) {
      if (OPENERS.indexOf(char) >= 0) {
        stack.push({ reverse: char === RTL_OVERRIDE, pieces: [] });
      } else if (CLOSERS.indexOf(char) >= 0 && stack.length > 1) {
        close();
      } else {
        stack[stack.length - 1].pieces.push(char);
      }
    });
    while (stack.length > 1) {
      close();
    }
    return stack[0].pieces.join("");
  }

  function compile(data) {
    /* Each keyed pattern gets a number, and the index files its keys by their first three
       letters (or two, for a two-letter key): exactly as src/followup/engine.py does. */
    var index = {};
    var count = 0;

    function keyed(item) {
      var pattern = new Pattern(item.pattern, { ignoreCase: true });
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
            return new Pattern(pattern, { ignoreCase: true });
          }),
          example: shape.example,
          instead: shape.instead,
        };
      });
      var exceptions = rule.except.map(function (item) {
        var made = keyed(item);
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
    var abbreviations = new Set(data.abbreviations);
    var breaks = new Pattern(data.paragraph_break);
    var ends = new Pattern(data.sentence_end);

    var invisible = data.invisible ? new Pattern(data.invisible) : null;

    /* The text as a person sees it (RuleSet.readable). */
    function readable(text) {
      text = visualOrder(text).normalize("NFKC");
      return invisible ? invisible.sub(text, function () { return ""; }) : text;
    }

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
          var blanked = exception.pattern.sub(sentence, blank);
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
      text = normalise(readable(text.replace(/\r\n/g, "\n").replace(/\r/g, "\n")));
      var found = [];
      var lines = { offset: 0, count: 1 };
      var start = 0;
      breaks.each(text, function (block) {
        var where = span(block);
        splitBlock(text, start, where[0], found, lines);
        start = where[1];
      });
      splitBlock(text, start, text.length, found, lines);
      return found;
    }

    function splitBlock(text, start, end, found, lines) {
      var block = text.slice(start, end);
      var position = 0;
      ends.each(block, function (stop) {
        var where = span(stop);
        if (block.slice(where[0], where[1]) === ".") {
          var before = block
            .slice(Math.max(position, where[0] - 12), where[0])
            .split(/\s+/)
            .filter(Boolean);
          var word = before.length ? before[before.length - 1].toLowerCase() : "";
          if (abbreviations.has(word) || /^\p{L}$/u.test(word)) {
            return;
          }
        }
        add(text, start + position, start + where[1], found, lines);
        position = where[1];
      });
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

    return {
      Pattern: Pattern,
      data: data,
      rules: rules,
      normalise: normalise,
      readable: readable,
      hits: hits,
      shapeOf: shapeOf,
      sentences: sentences,
    };
  }

  /* The page helpers both boxes use. */

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

  function sizeOf(text) {
    return window.TextEncoder ? new TextEncoder().encode(text).length : text.length;
  }

  /* Call update when typing pauses (longer texts wait a little longer), or at once when
     the form is sent. */
  function onPause(form, input, update) {
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, Math.min(1000, 150 + input.value.length / 2000));
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      update();
    });
  }

  window.followupEngine = {
    Pattern: Pattern,
    compile: compile,
    element: element,
    sizeOf: sizeOf,
    onPause: onPause,
  };
})();
