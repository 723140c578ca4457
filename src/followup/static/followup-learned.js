/* The learned layer in the page: the twin of src/followup/learned.py.
 *
 * A sentence becomes the same features (its lower-case words, pairs of neighbouring
 * words, the three- and four-letter pieces of each word), hashed with the same function
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

  function features(sentence) {
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
    return Array.from(new Set(found));
  }

  /* The distinct buckets of a sentence's features, kept for the last sentences read:
     every model scores the same sentence (learned.buckets). */
  function bucketsOf(size) {
    var kept = new Map();
    return function (sentence) {
      var found = kept.get(sentence);
      if (found === undefined) {
        found = Array.from(new Set(features(sentence).map(function (feature) {
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
    var buckets = bucketsOf(data.buckets);
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

  window.followupLearned = { compile: compile, features: features, crc32: crc32 };
})();
