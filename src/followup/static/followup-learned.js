/* The learned layer in the page: the twin of src/followup/learned.py.
 *
 * A sentence becomes the same features (its lower-case words, pairs of neighbouring
 * words, the three- and four-letter pieces of each word), hashed with the same function
 * (FNV-1a, 32 bits) into the same buckets, and the model's integer weights are added up
 * as Python adds them, so both compute the same score to the unit.
 */
(function () {
  "use strict";

  function fnv1a(text) {
    var value = 0x811c9dc5;
    for (var i = 0; i < text.length; i += 1) {
      value = Math.imul(value ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    return value;
  }

  function features(sentence) {
    var words = sentence.toLowerCase().match(/[a-z0-9']+/g) || [];
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

  function compile(data) {
    var size = data.buckets;
    var models = {};
    Object.keys(data.models || {}).forEach(function (label) {
      var model = data.models[label];
      models[label] = {
        label: label,
        readsLike: model.reads_like,
        threshold: model.threshold,
        score: function (sentence) {
          var seen = new Set();
          var total = model.bias;
          features(sentence).forEach(function (feature) {
            var bucket = fnv1a(feature) % size;
            if (!seen.has(bucket)) {
              seen.add(bucket);
              total += model.weights[bucket] || 0;
            }
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

  window.followupLearned = { compile: compile, features: features, fnv1a: fnv1a };
})();
