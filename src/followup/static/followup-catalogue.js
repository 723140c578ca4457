/* Filter the example catalogue by situation, channel and tone.
 *
 * Without JavaScript the catalogue is a plain list of every letter and the filter form
 * stays hidden. Nothing here talks to the network.
 */
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("form.catalogue-filters");
    if (!form) {
      return;
    }
    var entries = Array.prototype.slice.call(document.querySelectorAll("li.letter-entry"));
    var groups = Array.prototype.slice.call(document.querySelectorAll(".catalogue-group"));
    var count = form.querySelector(".catalogue-count");
    var names = ["scenario", "channel", "tone"];

    function apply() {
      var shown = 0;
      entries.forEach(function (entry) {
        var match = names.every(function (name) {
          var wanted = form.elements[name].value;
          return !wanted || entry.classList.contains(name + "-" + wanted);
        });
        entry.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("li.letter-entry:not([hidden])");
      });
      count.textContent =
        shown === entries.length
          ? "Showing all " + entries.length + " letters."
          : "Showing " + shown + " of " + entries.length + " letters.";
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.hidden = false;
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
