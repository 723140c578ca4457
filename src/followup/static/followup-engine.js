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
     and reads alike in both. It is compiled the first time it is used, as linear.py
     does: most of the hundreds of patterns are never needed for a given text, and
     compiling them all made the page with the message box take about a third of a
     second of script (much more on a phone) before the reader had pasted anything. */
  function Pattern(source, options) {
    var flags = (options && options.ignoreCase ? "i" : "") + (options && options.multiline ? "m" : "");
    this.source = source;
    this.written = (flags ? "(?" + flags + ")" : "") + source;
    this.compiled = null;
  }

  Pattern.prototype.re = function () {
    if (this.compiled === null) {
      this.compiled = RE2JS.compile(this.written);
    }
    return this.compiled;
  };

  Pattern.prototype.test = function (text) {
    return this.re().test(text);
  };

  /* Each match, left to right: calls found(matcher) with start(), end() and group(n).
     Whether there is a match at all is asked first: without groups, re2js answers with
     its DFA, while finding where a match is runs its NFA (or backtracker) over the whole
     text, many times slower on a long one; and most patterns asked about a sentence
     (an exception, a name's way) are not in it. */
  Pattern.prototype.each = function (text, found) {
    if (!this.re().test(text)) {
      return;
    }
    var matcher = this.re().matcher(text);
    while (matcher.find()) {
      found(matcher);
    }
  };

  Pattern.prototype.first = function (text) {
    if (!this.re().test(text)) {
      return null;
    }
    var matcher = this.re().matcher(text);
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

  /* The text in the order it is shown, and where each of its UTF-16 units came from
     (null: nowhere else). */
  function visualOrder(text) {
    if (text.indexOf(RTL_OVERRIDE) < 0) {
      return { text: text, order: null };
    }
    var stack = [{ reverse: false, pieces: [] }];
    function close() {
      var run = stack.pop();
      var pieces = run.reverse ? run.pieces.slice().reverse() : run.pieces;
      stack[stack.length - 1].pieces.push([].concat.apply([], pieces));
    }
    var index = 0;
    Array.from(text).forEach(function (char) {
      var units = char.length === 2 ? [index, index + 1] : [index];
      if (OPENERS.indexOf(char) >= 0) {
        stack.push({ reverse: char === RTL_OVERRIDE, pieces: [] });
      } else if ((CLOSERS.indexOf(char) >= 0 || char === "\n") && stack.length > 1) {
        while (stack.length > 1) {
          close();
          if (char !== "\n") {
            break;
          }
        }
        if (char === "\n") {
          stack[stack.length - 1].pieces.push(units);
        }
      } else {
        stack[stack.length - 1].pieces.push(units);
      }
      index += char.length;
    });
    while (stack.length > 1) {
      close();
    }
    var order = [].concat.apply([], stack[0].pieces);
    return {
      text: order.map(function (i) { return text[i]; }).join(""),
      order: order,
    };
  }

  /* What each character reads as (engine._Folds): NFKC, then without invisible
     characters, then [normalize]; worked out once per character. */
  function Folds(normalize, invisible) {
    this.replace = new Map(normalize);
    this.hidden = invisible;
    this.cache = new Map();
  }

  Folds.prototype.isHidden = function (code) {
    return this.hidden.some(function (range) {
      return range[0] <= code && code <= range[1];
    });
  };

  Folds.prototype.fold = function (char) {
    var known = this.cache.get(char);
    if (known !== undefined) {
      return known;
    }
    var self = this;
    var folded = Array.from(char.normalize("NFKC"))
      .filter(function (c) { return !self.isHidden(c.codePointAt(0)); })
      .map(function (c) { return self.replace.has(c) ? self.replace.get(c) : c; })
      .join("");
    this.cache.set(char, folded);
    return folded;
  };

  var SPECIAL = /[^\t\n\x20-\x7e]+/gu;

  /* A text as a person sees it, and the way back to it as written (engine.Reading). */
  function read(text, folds) {
    var written = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
    var shown = visualOrder(written);
    var pieces = [];
    var marks = [];
    var readAt = 0;
    var last = 0;
    var run;
    SPECIAL.lastIndex = 0;
    while ((run = SPECIAL.exec(shown.text)) !== null) {
      pieces.push(shown.text.slice(last, run.index));
      readAt += run.index - last;
      var index = run.index;
      Array.from(run[0]).forEach(function (char) {
        var piece = folds.fold(char);
        if (piece.length !== char.length) {
          marks.push([readAt, index, piece.length, char.length]);
        }
        pieces.push(piece);
        readAt += piece.length;
        index += char.length;
      });
      last = run.index + run[0].length;
    }
    pieces.push(shown.text.slice(last));
    return new Reading(pieces.join(""), written, marks, shown.order);
  }

  function Reading(text, written, marks, order) {
    this.text = text;
    this.written = written;
    this.marks = marks;
    this.order = order;
  }

  /* Where the unit at offset of the read text is in the written one, and how wide the
     written character there is. */
  Reading.prototype.origin = function (offset) {
    var low = 0;
    var high = this.marks.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (this.marks[middle][0] <= offset) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    var shown = offset;
    if (low > 0) {
      var mark = this.marks[low - 1];
      shown = offset < mark[0] + mark[2] ? mark[1] : mark[1] + mark[3] + offset - mark[0] - mark[2];
    }
    if (this.order === null) {
      return shown;
    }
    return this.order[Math.min(shown, this.order.length - 1)];
  };

  Reading.prototype.widthAt = function (index) {
    var code = this.written.codePointAt(index);
    return code !== undefined && code > 0xffff ? 2 : 1;
  };

  /* The written text of the read text's start..end, spaces collapsed. */
  Reading.prototype.quote = function (start, end) {
    if (end <= start) {
      return "";
    }
    var first;
    var lastAt;
    if (this.order === null) {
      first = this.origin(start);
      lastAt = this.origin(end - 1);
    } else {
      first = Infinity;
      lastAt = -1;
      for (var i = start; i < end; i += 1) {
        var place = this.origin(i);
        first = Math.min(first, place);
        lastAt = Math.max(lastAt, place);
      }
    }
    var piece = this.written.slice(first, lastAt + this.widthAt(lastAt));
    /* Trimmed by hand: a regular expression anchored at the end would go back over a
       long run of spaces once for every space in it. */
    var from = 0;
    var to = piece.length;
    while (from < to && " \t\n".indexOf(piece[from]) >= 0) {
      from += 1;
    }
    while (to > from && " \t\n".indexOf(piece[to - 1]) >= 0) {
      to -= 1;
    }
    return piece.slice(from, to).split(/[ \t\n]+/).join(" ");
  };

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

    var folds = new Folds(data.normalize, data.invisible || []);
    var seen = new Folds([], data.invisible || []);

    /* The text as the rules read it (RuleSet.readable). */
    function readable(text) {
      return read(text, folds).text;
    }

    /* The text as a person sees it, for finding names (RuleSet.visible). */
    function visible(text) {
      return read(text, seen).text;
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

    /* The rule's shape, or its model's finding where no shape matched, the model
       scores the sentence at its threshold and no exception is there
       (RuleSet.shape_or_model): what the checker and the message reader both ask. */
    function shapeOrModel(rule, sentence, found, model) {
      var shape = shapeOf(rule, sentence, found);
      if (shape !== null || !model || !model.flags(sentence) || excepted(rule, sentence, found)) {
        return shape;
      }
      var instead = null;
      rule.shapes.some(function (s) {
        instead = s.instead || null;
        return instead !== null;
      });
      return { name: "reads like " + model.readsLike, instead: instead };
    }

    /* Whether one of the rule's exceptions is in the sentence (RuleSet.excepted). */
    function excepted(rule, sentence, found) {
      return rule.exceptions.some(function (exception) {
        return (exception.id < 0 || found.has(exception.id)) && exception.pattern.test(sentence);
      });
    }

    function sentences(text) {
      var reading = read(text, folds);
      text = reading.text;
      var found = [];
      var lines = { offset: 0, count: 1 };
      var start = 0;
      breaks.each(text, function (block) {
        var where = span(block);
        splitBlock(reading, start, where[0], found, lines);
        start = where[1];
      });
      splitBlock(reading, start, text.length, found, lines);
      return found;
    }

    function splitBlock(reading, start, end, found, lines) {
      var block = reading.text.slice(start, end);
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
        add(reading, start + position, start + where[1], found, lines);
        position = where[1];
      });
      add(reading, start + position, end, found, lines);
    }

    function add(reading, start, end, found, lines) {
      var text = reading.text;
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
      var close = start + piece.trimEnd().length;
      found.push({
        text: stripped.split(/\s+/).filter(Boolean).join(" "),
        line: lines.count,
        written: reading.quote(offset, close),
      });
    }

    return {
      Pattern: Pattern,
      data: data,
      rules: rules,
      read: function (text) { return read(text, folds); },
      readable: readable,
      visible: visible,
      hits: hits,
      shapeOf: shapeOf,
      shapeOrModel: shapeOrModel,
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
