/* The engine of the letter rules and of the message recognisers, in the browser.
 *
 * Both are data in one format (src/followup/rules.toml and signals.toml), resolved by the
 * build into plain patterns; this file compiles such data and applies it sentence by
 * sentence, exactly as src/followup/rules.py does: the same sentence splitting, the same
 * keyword index, the same shapes and exceptions. The draft checker
 * (followup-checker.js) and the message box (followup-match.js) are built on it, and
 * share the few page helpers at the end.
 */
(function () {
  "use strict";

  function compile(data) {
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

    return {
      data: data,
      rules: rules,
      normalise: normalise,
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
    compile: compile,
    element: element,
    sizeOf: sizeOf,
    onPause: onPause,
  };
})();
