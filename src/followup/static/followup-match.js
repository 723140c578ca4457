/* "Start from their message": paste the rejection, and see the letters that fit.
 *
 * The recognisers come from followup-signals-data.js, which the build writes from the
 * same signals.toml that `followup match` reads; followup-engine.js applies them
 * exactly as src/followup/engine.py does, and this file does what
 * src/followup/matcher.py does with the result: the stage, the signals, the names,
 * the letters and the advice. The message never leaves the page and is never stored:
 * the names go to the chosen letter's page in the address's #fragment, which browsers
 * never send, and that page takes them out of the address at once.
 */
(function () {
  "use strict";

  var given = window.followupSignalsData;
  if (!given || !window.followupEngine) {
    return;
  }
  // The build writes each long word list once (given.words) and marks where a pattern
  // uses it: \u0001, its number, \u0001 (src/followup/site/tools.py shared_words).
  var words = given.words || [];
  function unshared(value) {
    if (typeof value === "string") {
      return value.indexOf("\u0001") < 0 ? value : value.replace(/\u0001(\d+)\u0001/g,
        function (_, number) { return words[Number(number)]; });
    }
    if (Array.isArray(value)) {
      return value.map(unshared);
    }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) { out[key] = unshared(value[key]); });
      return out;
    }
    return value;
  }
  var data = unshared(given.signals);
  var letters = given.letters;
  var engine = window.followupEngine.compile(data);
  var models = window.followupLearned
    ? window.followupLearned.compile(window.followupLearnedData || { models: {} })
    : {};
  var Pattern = window.followupEngine.Pattern;
  var element = window.followupEngine.element;
  var sizeOf = window.followupEngine.sizeOf;
  var FIELD_IDS = ["organisation", "role", "sender", "candidate"];
  var MOST_LETTERS = 4;
  var LIMIT = given.limit || 1000000;

  var fields = data.fields.map(function (field) {
    return {
      id: field.id,
      title: field.title,
      variable: field.variable,
      notPartOf: field.not_part_of,
      asInText: Boolean(field.as_in_text),
      without: field.without || null,
      notNamedFor: field.not_named_for || [],
      notANameOf: field.not_a_name_of || [],
      fillUnless: field.fill_unless ? new Pattern(field.fill_unless) : null,
      trim: field.trim.map(function (pattern) {
        return new Pattern(pattern);
      }),
      reject: field.reject.map(function (pattern) {
        return new Pattern(pattern, { ignoreCase: true });
      }),
      shape: (field.shape || []).map(function (pattern) {
        return new Pattern(pattern);
      }),
      qualifier: field.qualifier ? new Pattern(field.qualifier) : null,
      qualifierReject: (field.qualifier_reject || []).map(function (pattern) {
        return new Pattern(pattern);
      }),
      parent: (field.parent || []).map(function (pattern) {
        return new Pattern(pattern);
      }),
      yieldsTo: field.yields_to || null,
      onlyBefore: field.only_before ? new Pattern(field.only_before) : null,
      ways: field.ways.map(function (way) {
        var options = {
          ignoreCase: way.flags.indexOf("i") >= 0,
          multiline: way.flags.indexOf("m") >= 0,
        };
        return {
          name: way.name,
          pattern: new Pattern(way.pattern, options),
          scope: way.scope,
          lines: way.lines,
          unless: way.unless,
          reject: way.reject.map(function (pattern) {
            return new Pattern(pattern, { ignoreCase: options.ignoreCase });
          }),
          notFollowedBy: way.not_followed_by ? new Pattern("^(?:" + way.not_followed_by + ")") : null,
          notPrecededBy: way.not_preceded_by ? new Pattern("(?:" + way.not_preceded_by + ")$") : null,
          notAcross: way.not_across ? new Pattern(way.not_across) : null,
          until: way.until ? new Pattern(way.until) : null,
          confirms: Boolean(way.confirms),
          header: Boolean(way.header),
        };
      }),
    };
  });
  var html = {
    detect: new Pattern(data.html.detect, { ignoreCase: true }),
    breaks: new Pattern(data.html.breaks, { ignoreCase: true }),
    tags: new Pattern(data.html.tags, { ignoreCase: true }),
    drop: new Pattern(data.html.drop, { ignoreCase: true }),
  };

  /* The message as text, as Matcher.plain does it. */
  function plain(text) {
    text = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
    if (html.detect.test(text)) {
      text = html.tags.sub(html.breaks.sub(html.drop.sub(text, nothing), newline), nothing);
      Object.keys(data.html.entities).forEach(function (name) {
        text = text.split(name).join(data.html.entities[name]);
      });
      text = text.replace(/&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});/g, function (whole, number) {
        var code = number[0] === "x" ? parseInt(number.slice(1), 16) : parseInt(number, 10);
        return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
          ? String.fromCodePoint(code)
          : "";
      });
    }
    return text.split("\u00a0").join(" ");
  }

  function clean(value, field) {
    if (value === undefined || value === null) {
      return null;
    }
    value = value.split(/\s+/).filter(Boolean).join(" ");
    field.trim.forEach(function (pattern) {
      value = pattern.sub(value, nothing);
    });
    value = value.trim();
    if (!value || field.reject.some(function (pattern) { return pattern.test(value); })) {
      return null;
    }
    /* A value must have one of the field's shapes, if it has any (matcher.clean). */
    if (field.shape.length && !field.shape.some(function (pattern) { return pattern.test(value); })) {
      return null;
    }
    return value;
  }

  function nothing() {
    return "";
  }

  function newline() {
    return "\n";
  }

  /* How far past a match a way's not_followed_by looks (matcher.AFTER). */
  var AFTER = 100;

  /* A way's value: its first group that matched (a way may offer alternatives), unless
     what follows the match is what the way must not be followed by (or what precedes it,
     or what it spans before the value, what it must not be); and where in the text the
     value ends (-1 for none) (matcher._value). */
  function valueOf(hit, text, way) {
    if (way.notFollowedBy && way.notFollowedBy.test(text.slice(hit.end(), hit.end() + AFTER))) {
      return { value: null, end: -1 };
    }
    if (way.notPrecededBy && way.notPrecededBy.test(text.slice(Math.max(0, hit.start() - AFTER), hit.start()))) {
      return { value: null, end: -1 };
    }
    for (var g = 1; g <= hit.groupCount(); g += 1) {
      var value = hit.group(g);
      if (value !== null) {
        if (way.notAcross && way.notAcross.test(text.slice(hit.start(), hit.start(g)))) {
          return { value: null, end: -1 };
        }
        return { value: value, end: hit.end(g) };
      }
    }
    return { value: null, end: -1 };
  }

  /* A value with what follows it in the text when that says which one it is (the
     field's qualifier), as the field's trims leave it; else the value as it was
     (Matcher.qualified). */
  function qualified(field, value, candidate, after, owner, people) {
    if (candidate === null || /\)$/.test(candidate.replace(/\s+$/, "")) || !field.qualifier) {
      return value;
    }
    var hit = field.qualifier.first(after);
    if (!hit) {
      return value;
    }
    var part = hit.group(1);
    var words = part.split(/\s+/).filter(Boolean).join(" ").replace(/^[,\u2013\u2014\- ]+/, "");
    if (field.qualifierReject.some(function (pattern) { return pattern.test(part); }) ||
        people.has(words)) {
      return value;
    }
    if (owner && (words === owner || words.indexOf(owner + " ") === 0)) {
      return value;
    }
    var longer = clean(withoutOwner(candidate.replace(/\s+$/, "") + part, owner), field);
    return longer || value;
  }

  /* The values a way finds, in order, that survive the field's and the way's checks
     (Matcher.values). */
  function wayValues(field, way, text, lines, signals, other, owner, people) {
    if (way.unless.some(function (id) { return signals.has(id); })) {
      return [];
    }
    people = people || new Set();
    var candidates = [];
    if (way.scope === "text") {
      way.pattern.each(text, function (hit) {
        candidates.push(valueOf(hit, text, way));
      });
    } else {
      var last = lines.slice(-way.lines);
      var ordered = way.scope === "signature" ? last : last.reverse();
      for (var l = 0; l < ordered.length; l += 1) {
        if (way.until && way.until.test(ordered[l])) {
          break;
        }
        var one = way.pattern.first(ordered[l]);
        if (one) {
          candidates.push({ value: valueOf(one, ordered[l], way).value, end: -1 });
        }
      }
    }
    var values = [];
    for (var c = 0; c < candidates.length; c += 1) {
      var candidate = candidates[c].value;
      var end = candidates[c].end;
      var value = clean(withoutOwner(candidate, owner), field);
      if (value && end >= 0 && field.qualifier) {
        value = qualified(field, value, candidate, text.slice(end, end + AFTER), owner, people);
      }
      if (value && way.reject.some(function (pattern) { return pattern.test(value); })) {
        continue;
      }
      if (value && !(other && other.indexOf(value) >= 0)) {
        values.push(value);
      }
    }
    return values;
  }

  /* A value without another name at its start, or its end after a joining word or a
     dash (matcher._without). */
  function withoutOwner(value, owner) {
    if (!value || !owner) {
      return value;
    }
    value = value.split(/\s+/).filter(Boolean).join(" ");
    if (value.indexOf(owner + " ") === 0) {
      return value.slice(owner.length + 1);
    }
    var joins = [" at ", " in ", " with ", " for ", " of ", " - ", " \u2013 ", " \u2014 ", " | "];
    for (var j = 0; j < joins.length; j += 1) {
      var tail = joins[j] + owner;
      if (value.length > tail.length && value.slice(-tail.length) === tail) {
        return value.slice(0, -tail.length);
      }
    }
    return value;
  }

  /* The same name as the message's text writes it, if a way that reads the text finds
     it in another form (Matcher.as_written). */
  function asWritten(field, value, text, lines, signals, other, also) {
    var single = value.split(" ").length === 1;
    var parent = field.parent.some(function (pattern) { return pattern.test(value); });
    var forms = [];
    for (var w = 0; w < field.ways.length; w += 1) {
      var way = field.ways[w];
      if (way.scope !== "text") {
        continue;
      }
      wayValues(field, way, text, lines, signals, other).forEach(function (found) {
        forms.push({ found: found, header: way.header, text: true });
      });
    }
    (also || []).forEach(function (found) {
      forms.push({ found: found, header: false, text: false });
    });
    for (var f = 0; f < forms.length; f += 1) {
      var found = forms[f].found;
      var header = forms[f].header;
      var more = found.split(" ").length > 1;
      if (found === value) {
        return value;
      }
      var shorter = value.indexOf(found + " ") === 0 || value.indexOf(found + ",") === 0;
      if (shorter && (more || !header)) {
        return found;
      }
      if (single && more && forms[f].text) {
        return found;
      }
      /* A parent body gives way to the body's own name, not to a run-on of itself. */
      if (parent && more && forms[f].text && !header && found.indexOf(value) !== 0) {
        return found;
      }
    }
    return value;
  }

  /* A letter, digit or "&": what a word of a name is made of, around it (matcher._LETTER). */
  var LETTER = /[A-Za-z0-9_&\u00c0-\u024f]/;

  /* Whether a value of one word is written in the text, as a word, only right before
     what `after` matches (matcher.only_before). */
  function onlyBefore(value, text, after) {
    if (value.indexOf(" ") >= 0) {
      return false;
    }
    var seen = false;
    var start = text.indexOf(value);
    while (start >= 0) {
      var end = start + value.length;
      var before = start > 0 ? text.charAt(start - 1) : " ";
      var next = end < text.length ? text.charAt(end) : " ";
      if (!LETTER.test(before) && !LETTER.test(next)) {
        if (!after.test(text.slice(end, end + AFTER))) {
          return false;
        }
        seen = true;
      }
      start = text.indexOf(value, start + 1);
    }
    return seen;
  }

  /* Names, and each word of them (matcher._names_and_words). */
  function namesAndWords(names) {
    var found = new Set();
    names.forEach(function (name) {
      if (name) {
        found.add(name);
        name.split(" ").forEach(function (word) {
          found.add(word);
        });
      }
    });
    return found;
  }

  function findField(field, text, lines, signals, found) {
    var other = field.notPartOf ? found[field.notPartOf] : null;
    var owner = field.without ? found[field.without] : null;
    var named = field.notNamedFor.map(function (id) { return found[id]; });
    var names = named.filter(Boolean).map(function (name) { return name + " "; });
    var people = namesAndWords(field.notANameOf.map(function (id) { return found[id]; }));
    var namedWords = namesAndWords(named);
    for (var w = 0; w < field.ways.length; w += 1) {
      var way = field.ways[w];
      if (way.confirms) {
        continue;
      }
      var values = wayValues(field, way, text, lines, signals, other, owner, namedWords);
      for (var v = 0; v < values.length; v += 1) {
        var one = values[v];
        if (names.some(function (name) { return one.indexOf(name) === 0; }) || people.has(one)) {
          continue;
        }
        if (field.yieldsTo && one.indexOf(" ") < 0 && namesIt(field.yieldsTo, one, text, lines, signals)) {
          continue;
        }
        if (field.onlyBefore && onlyBefore(one, text, field.onlyBefore)) {
          continue;
        }
        var value = one;
        if (field.asInText && way.scope !== "text") {
          value = asWritten(field, value, text, lines, signals, other, values.slice(v + 1));
        }
        return { value: value, way: way.name };
      }
    }
    return { value: null, way: null };
  }

  /* Whether a way of another field that reads the text finds this value
     (Matcher.names). */
  function namesIt(fieldId, value, text, lines, signals) {
    var other = fields.filter(function (f) { return f.id === fieldId; })[0];
    return other.ways.some(function (way) {
      return way.scope === "text" && wayValues(other, way, text, lines, signals, null).indexOf(value) >= 0;
    });
  }

  function noFields() {
    var none = {};
    FIELD_IDS.forEach(function (id) {
      none[id] = null;
    });
    return none;
  }

  /* Each name, and in foundBy the way that found it (Matcher.find_fields). */
  function findFields(text, signals, foundBy) {
    var found = {};
    var lines = text.split("\n").filter(function (line) {
      return line.trim();
    });
    fields.forEach(function (field) {
      var one = findField(field, text, lines, signals, found);
      found[field.id] = one.value;
      foundBy[field.id] = one.way;
    });
    var ordered = noFields();
    FIELD_IDS.forEach(function (id) {
      if (found[id] !== undefined) {
        ordered[id] = PEOPLE.indexOf(id) >= 0 ? writtenAsAName(found[id]) : found[id];
      }
    });
    return ordered;
  }

  /* A person's name as a letter writes it: a name the message wrote all in lower case
     gets a capital at each word; a name with any capital letter is left as written
     (matcher.written_as_a_name). */
  var PEOPLE = ["sender", "candidate"];
  function writtenAsAName(value) {
    if (value === null || /[A-Z]/.test(value)) {
      return value;
    }
    return value.replace(/(^|[ '-])([a-z])/g, function (all, before, letter) {
      return before + letter.toUpperCase();
    });
  }

  /* The message above the reader's own earlier email, when a reply quotes it below
     ([quoted] in signals.toml): the first place a quote starts with at least least_words
     words above it; a message with none, or a forward, is read whole
     (Matcher.above_quote). */
  var quoted = new Pattern(data.quoted.start, { multiline: true });
  var forwarded = new Pattern(data.quoted.forwarded, { multiline: true });
  function aboveQuote(text) {
    if (forwarded.test(text)) {
      return text;
    }
    var cut = null;
    quoted.each(text, function (m) {
      if (cut !== null) {
        return;
      }
      var above = text.slice(0, m.start());
      if ((above.toLowerCase().match(/[a-z]+/g) || []).length >= data.quoted.least_words) {
        cut = above;
      }
    });
    return cut === null ? text : cut;
  }

  /* Whether a message has enough common English words to read names from it. */
  function english(text) {
    var words = new Set(text.toLowerCase().match(/[a-z]+/g) || []);
    var count = 0;
    data.english.words.forEach(function (word) {
      if (words.has(word)) {
        count += 1;
      }
    });
    return count >= data.english.least;
  }

  function answered(answer, stage, signals) {
    return signals.has(answer) || answer === stage;
  }

  /* For each signal and stage: what it weighs when letters are ranked, and its reason. */
  var weight = {};
  var reasons = {};
  data.rules.forEach(function (rule) {
    weight[rule.id] = rule.weight !== undefined
      ? rule.weight
      : data.weights[rule.kind === "stage" ? "stage" : "signal"];
    reasons[rule.id] = rule.reason || "";
  });

  function rank(stage, signals) {
    var shown = function (id) { return answered(id, stage, signals); };
    /* After "we can't give feedback", only letters that don't ask (Matcher.rank). */
    var only = null;
    Object.keys(data.letter_contexts).some(function (id) {
      only = shown(id) ? data.letter_contexts[id] : null;
      return only !== null;
    });
    var scored = [];
    letters.forEach(function (letter, order) {
      var answers = letter.answers;
      if (!answers.length || !answers.every(shown)) {
        return;
      }
      if (only !== null && (letter.context || "none") !== only) {
        return;
      }
      if (letter.interview && data.no_interview.indexOf(stage) >= 0) {
        return; /* there was no interview to mention, or may have been none */
      }
      var score = 0;
      answers.forEach(function (a) {
        score += weight[a];
      });
      scored.push({ score: score, order: order, id: letter.id });
    });
    scored.sort(function (a, b) {
      return b.score - a.score || a.order - b.order;
    });
    var ranked = scored.slice(0, MOST_LETTERS - 1).map(function (entry) {
      return entry.id;
    });
    var fallback = data.fallback;
    Object.keys(data.fallbacks).some(function (id) {
      if (shown(id)) {
        fallback = data.fallbacks[id];
        return true;
      }
      return false;
    });
    if (ranked.indexOf(fallback) < 0) {
      ranked.push(fallback);
    }
    return ranked;
  }

  function reason(letter, stage, signals) {
    var why = letter.answers
      .filter(function (a) { return answered(a, stage, signals); })
      .map(function (a) { return reasons[a]; })
      .filter(Boolean);
    var instead = null; /* the first of fallback_reasons the message shows (Matcher.reason) */
    Object.keys(data.fallback_reasons).some(function (id) {
      instead = answered(id, stage, signals) ? data.fallback_reasons[id] : null;
      return instead !== null;
    });
    return why.join("; ") || instead || data.fallback_reason;
  }

  /* Whether a sentence shows a stage or signal: a shape, or a signal's model at its
     threshold with none of the rule's exceptions there (Matcher.shows). */
  function shows(rule, sentence, found, learned) {
    var model = rule.kind === "signal" && learned ? models[rule.id] : undefined;
    return engine.shapeOrModel(rule, sentence, found, model) !== null;
  }

  /* When no sentence names the stage, the stage whose model scores the whole message
     furthest past its threshold (Matcher.likely_stage). */
  function likelyStage(sentences) {
    var whole = sentences.map(function (s) { return s.text; }).join(" ");
    var best = data.stages.unknown;
    var margin = 0;
    data.stages.order.forEach(function (stage) {
      var model = models["stage:" + stage];
      if (model) {
        var past = model.score(whole) - model.threshold;
        if (past >= margin) {
          best = stage;
          margin = past + 1;
        }
      }
    });
    return best;
  }

  /* What a message shows, shaped like `followup match --format json` (plus the reasons,
     the advice's pages and the sentences, for the page). */
  /* The sentences read for the stage and signals: from the start, whole, up to
     [reading] most_words words, and always the first (Matcher.read_up_to). */
  function readUpTo(sentences) {
    var most = data.reading.most_words;
    var read = [];
    var words = 0;
    for (var i = 0; i < sentences.length; i += 1) {
      var count = sentences[i].text.split(" ").length;
      if (read.length && words + count > most) {
        break;
      }
      read.push(sentences[i]);
      words += count;
    }
    return read;
  }

  function match(text) {
    text = plain(text);
    var sentences = readUpTo(engine.sentences(text));
    var seen = engine.visible(text);
    /* The models, like the names, read only English. */
    var isEnglish = english(seen);
    var stages = new Set();
    var shown = [];
    var marked = [];
    /* A reply's quote of the reader's own earlier email shows no signal of theirs, though
       it may show the stage (Matcher.match). */
    var above = aboveQuote(seen);
    var quoteLine = above === seen ? null : above.split("\n").length;
    sentences.forEach(function (sentence) {
      var found = engine.hits(sentence.text);
      var ids = [];
      engine.rules.forEach(function (rule) {
        if (!shows(rule, sentence.text, found, isEnglish)) {
          return;
        }
        if (rule.kind === "stage") {
          stages.add(rule.id);
        } else if (quoteLine === null || sentence.line < quoteLine) {
          shown.push({ id: rule.id, line: sentence.line, sentence: sentence.written });
          ids.push(rule.id);
        }
      });
      marked.push({ text: sentence.written, line: sentence.line, signals: ids });
    });
    var stage = null;
    for (var i = 0; i < data.stages.order.length; i += 1) {
      if (stages.has(data.stages.order[i])) {
        stage = data.stages.order[i];
        break;
      }
    }
    if (stage === null) {
      stage = isEnglish ? likelyStage(sentences) : data.stages.unknown;
    }
    var signals = new Set(shown.map(function (s) { return s.id; }));
    var recognised = signals.size > 0 || stage !== data.stages.unknown;
    var foundBy = noFields();
    /* Names are looked for at a long message's start and end only (matcher.ends). */
    var span = 8000;
    var names = noFields();
    if (isEnglish) { /* above a quoted reply (Matcher.above_quote) */
      var edges = above.length <= 2 * span ? above : above.slice(0, span) + "\n" + above.slice(-span);
      names = findFields(edges, signals, foundBy);
    }
    var present = new Set(signals);
    present.add(stage);
    var advice = data.advice
      .filter(function (a) {
        return a.when.every(function (w) { return present.has(w); }) &&
          !(a.unless || []).some(function (w) { return present.has(w); });
      })
      .concat(
        data.rules
          .filter(function (r) { return r.kind === "signal" && signals.has(r.id); })
          .map(function (r) { return { text: r.advice, page: r.page }; })
      );
    /* Advice that says not to write is the whole answer: no letter, and nothing else said
       (Matcher.match). */
    var noLetter = advice.some(function (a) { return a.no_letter; });
    if (noLetter) {
      advice = advice.filter(function (a) { return a.no_letter; });
    }
    var chosen = noLetter ? [] : rank(stage, signals);
    var reasons = {};
    letters.forEach(function (letter) {
      if (chosen.indexOf(letter.id) >= 0) {
        reasons[letter.id] = reason(letter, stage, signals);
      }
    });
    return {
      stage: stage,
      signals: shown,
      fields: names,
      found_by: foundBy,
      letters: chosen,
      advice: advice.map(function (a) { return a.text; }),
      recognised: recognised,
      english: isEnglish,
      reasons: reasons,
      pages: advice.map(function (a) { return a.page; }),
      sentences: marked,
    };
  }

  window.followupMatch = { match: match };

  /* The page: a text area, and what the message shows, updated as the reader pastes. */

  var SHOWN = 200;
  var STAGES = {
    application: "your application (you weren't interviewed)",
    phone_screen: "a first call or screen",
    interview: "an interview",
    final_round: "the final round",
  };

  function root() {
    return document.documentElement.getAttribute("data-content_root") || "";
  }

  /* The letter's page, with the names for its form in the #fragment (never sent). A
     new message starts afresh: each of the four names is sent, empty when this message
     gives none, and "fresh" tells the page to drop the details kept from an earlier
     letter, so one employer's names never turn up in a letter to another. */
  function letterLink(letter, names) {
    var values = new URLSearchParams();
    values.set("fresh", "1");
    fields.forEach(function (field) {
      var value = names[field.id];
      var usable = value && !(field.fillUnless && field.fillUnless.test(value));
      values.set(field.variable, usable ? value : "");
    });
    var extra = values.toString();
    return root() + letter.url + (extra ? "?" + extra : "");
  }

  function heading(text) {
    return element("h3", "matcher-heading", text);
  }

  /* The first line of the report: one account of the stage, said once. */
  function verdict(found) {
    if (!found.english) {
      return "This box reads messages in English, and this one doesn't look English, so " +
        "nothing is guessed.";
    }
    if (!found.recognised) {
      return "We couldn't tell what kind of message this is, so nothing is guessed.";
    }
    var rest = !found.signals.length
      ? "nothing else in it changes what to write."
      : found.letters.length
        ? "here is what their message tells you, and the letters that fit."
        : "here is what their message tells you.";
    if (!STAGES[found.stage]) {
      return "Their message doesn't say how far you got, but " + rest;
    }
    return "After " + STAGES[found.stage] + ", " + rest;
  }

  function render(found, output) {
    var byId = {};
    letters.forEach(function (letter) {
      byId[letter.id] = letter;
    });
    var fragment = document.createDocumentFragment();
    fragment.appendChild(
      element(
        "p",
        "matcher-verdict",
        verdict(found)
      )
    );
    if (found.letters.length) {
      fragment.appendChild(heading("Letters that fit"));
      var list = element("ol", "matcher-letters");
      found.letters.forEach(function (id) {
        var letter = byId[id];
        var item = element("li");
        var link = element("a", "reference internal", letter.title);
        link.href = letterLink(letter, found.fields);
        item.appendChild(link);
        item.appendChild(element("span", "matcher-why", ": " + found.reasons[id] + "."));
        list.appendChild(item);
      });
      fragment.appendChild(list);
    }
    if (found.advice.length) {
      fragment.appendChild(heading(found.letters.length ? "Good to know" : "What to do"));
      var advice = element("ul", "matcher-advice");
      found.advice.forEach(function (text, i) {
        var item = element("li", "", text);
        var page = given.pages[found.pages[i]];
        if (page) {
          item.appendChild(document.createTextNode(" See "));
          var more = element("a", "reference internal", page.title);
          more.href = root() + page.url;
          item.appendChild(more);
          item.appendChild(document.createTextNode("."));
        }
        advice.appendChild(item);
      });
      fragment.appendChild(advice);
    }
    var names = fields.filter(function (field) {
      return found.fields[field.id];
    });
    if (names.length && found.letters.length) {
      /* The names are for the letters: with none to open, there is nothing to fill. */
      fragment.appendChild(heading("Names we found"));
      fragment.appendChild(
        element(
          "p",
          "matcher-note",
          "The letters open with these filled in. Check them there: you can change any."
        )
      );
      var table = element("dl", "matcher-names");
      names.forEach(function (field) {
        table.appendChild(element("dt", "", field.title));
        var value = element("dd", "", found.fields[field.id]);
        if (found.found_by[field.id]) {
          /* Where it came from, so a wrong one is easy to see and correct. */
          value.appendChild(element("span", "matcher-from", " (from " + found.found_by[field.id] + ")"));
        }
        table.appendChild(value);
      });
      fragment.appendChild(table);
    }
    if (found.signals.length) {
      fragment.appendChild(heading("Where their message says so"));
      var sentences = element("ol", "matcher-sentences");
      found.sentences.slice(0, SHOWN).forEach(function (sentence) {
        var item = element("li");
        if (sentence.signals.length) {
          item.appendChild(element("mark", "", sentence.text));
          var why = sentence.signals.map(function (id) {
            return reasons[id];
          });
          item.appendChild(element("span", "matcher-tags", " (" + why.join("; ") + ")"));
        } else {
          item.appendChild(document.createTextNode(sentence.text));
        }
        sentences.appendChild(item);
      });
      if (found.sentences.length > SHOWN) {
        sentences.appendChild(
          element("li", "matcher-more", "…and " + (found.sentences.length - SHOWN) + " more.")
        );
      }
      fragment.appendChild(sentences);
    }
    output.textContent = "";
    output.appendChild(fragment);
  }

  function setUp() {
    var form = document.querySelector("form.message-matcher-form");
    if (!form) {
      return;
    }
    var input = form.querySelector("textarea");
    var output = document.querySelector(".message-matcher-report");
    function say(message) {
      output.textContent = "";
      output.appendChild(element("p", "matcher-verdict", message));
    }
    function update() {
      var text = input.value;
      if (!text.trim()) {
        output.textContent = "";
        output.hidden = true;
        return;
      }
      output.hidden = false;
      if (sizeOf(text) > LIMIT) {
        say("This is over " + LIMIT / 1000000 + " MB: paste just the one message they sent.");
      } else {
        render(match(text), output);
      }
    }
    window.followupEngine.onPause(form, input, update);
    /* The button with an empty box: say what to do, rather than nothing. */
    form.addEventListener("submit", function () {
      if (!input.value.trim()) {
        output.hidden = false;
        say("Paste the message they sent you into the box first: the whole email, from " +
          "the greeting to the signature.");
      }
    });
    form.hidden = false;
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
