/* The learned layer in the page: the twin of src/followup/learned.py.
 *
 * A sentence becomes the same features (its lower-case words, pairs of neighbouring
 * words, the three- and four-letter pieces of each word, and the classes of its words
 * from data.classes, i.e. wordclasses.toml), hashed with the same function
 * (CRC-32, as zlib computes it) into the same buckets, and the model's integer weights are added up
 * as Python adds them, so both compute the same score to the unit.
 */
(function () {
  "use strict";

  /* CRC-32 (the polynomial zlib uses) of a feature's bytes: features are ASCII. */
  var TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n += 1) {
      var c = n;
      for (var k = 0; k < 8; k += 1) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      table.push(c >>> 0);
    }
    return table;
  })();

  function crc32(text) {
    var crc = 0xffffffff;
    for (var i = 0; i < text.length; i += 1) {
      crc = TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
    }
    return (crc ^ 0xffffffff) >>> 0;
  }

  /* Word classes (learned.WordClasses): a word's classes are those listing it, then
     those listing a stem it begins with (shortest first), then those listing it and the
     next word as a phrase; each once. */
  var STEM_SHORTEST = 3;

  function wordClasses(data) {
    var words = new Map();
    var stems = new Map();
    Object.keys(data || {}).forEach(function (name) {
      (data[name].words || []).forEach(function (word) {
        if (!words.has(word)) { words.set(word, []); }
        words.get(word).push(name);
      });
      (data[name].stems || []).forEach(function (stem) {
        if (!stems.has(stem)) { stems.set(stem, []); }
        stems.get(stem).push(name);
      });
    });
    var known = new Map();
    function ofWord(word) {
      var found = known.get(word);
      if (found === undefined) {
        found = (words.get(word) || []).slice();
        for (var size = STEM_SHORTEST; size <= word.length; size += 1) {
          found = found.concat(stems.get(word.slice(0, size)) || []);
        }
        found = Array.from(new Set(found));
        known.set(word, found);
      }
      return found;
    }
    return function (list) {
      return list.map(function (word, index) {
        var mine = ofWord(word);
        if (index + 1 < list.length) {
          var phrase = words.get(word + " " + list[index + 1]);
          if (phrase) {
            mine = Array.from(new Set(mine.concat(phrase)));
          }
        }
        return mine;
      });
    };
  }

  function features(sentence, classesOf) {
    /* As learned.features: words of at most 40 letters, the first 1,000 of them. */
    var words = (sentence.toLowerCase().match(/[a-z0-9']+/g) || [])
      .filter(function (w) { return w.length <= 40; })
      .slice(0, 1000);
    var found = words.map(function (w) { return "w:" + w; });
    for (var i = 0; i + 1 < words.length; i += 1) {
      found.push("b:" + words[i] + " " + words[i + 1]);
    }
    words.forEach(function (word) {
      var padded = " " + word + " ";
      [3, 4].forEach(function (size) {
        for (var j = 0; j + size <= padded.length; j += 1) {
          found.push("c:" + padded.slice(j, j + size));
        }
      });
    });
    if (classesOf) {
      var each = classesOf(words);
      each.forEach(function (mine) {
        mine.forEach(function (name) { found.push("k:" + name); });
      });
      for (var n = 0; n + 1 < each.length; n += 1) {
        each[n].forEach(function (a) {
          each[n + 1].forEach(function (b) { found.push("k:" + a + " " + b); });
        });
      }
    }
    return Array.from(new Set(found));
  }

  /* The distinct buckets of a sentence's features, kept for the last sentences read:
     every model scores the same sentence (learned.buckets). */
  function bucketsOf(size, classesOf) {
    var kept = new Map();
    return function (sentence) {
      var found = kept.get(sentence);
      if (found === undefined) {
        found = Array.from(new Set(features(sentence, classesOf).map(function (feature) {
          return crc32(feature) % size;
        })));
        if (kept.size >= 1024) {
          kept.clear();
        }
        kept.set(sentence, found);
      }
      return found;
    };
  }

  function compile(data) {
    var buckets = bucketsOf(data.buckets, wordClasses(data.classes));
    var models = {};
    Object.keys(data.models || {}).forEach(function (label) {
      var model = data.models[label];
      models[label] = {
        label: label,
        readsLike: model.reads_like,
        threshold: model.threshold,
        score: function (sentence) {
          var total = model.bias;
          buckets(sentence).forEach(function (bucket) {
            total += model.weights[bucket] || 0;
          });
          return total;
        },
        flags: function (sentence) {
          return this.score(sentence) >= model.threshold;
        },
      };
    });
    return models;
  }

  window.followupLearned = {
    compile: compile,
    features: features,
    wordClasses: wordClasses,
    crc32: crc32,
  };
})();
