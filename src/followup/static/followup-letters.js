/* Personalise the letters on a page: fill in your details once, and every letter, its
 * copy button, its email link and its download use them.
 *
 * The details are kept in this browser's local storage, so they follow you from page
 * to page. They are never sent anywhere. Without JavaScript the letters keep their
 * placeholders, and the text-file links download the plain templates.
 */
(function () {
  "use strict";

  var KEY = "after-the-no:details";
  var MAX_LENGTH = 2000;
  var SLOT_LABEL = "Yours to write: ";
  var SLOT_LABEL_FILLED = "Your words: ";

  /* The stored details: only names of letter blanks with text values are kept. Storage
     is the reader's, and anything else in it (left by another version of the page, or
     edited by hand) is dropped rather than trusted. */
  function stored() {
    var values = {};
    var parsed;
    try {
      parsed = JSON.parse(window.localStorage.getItem(KEY) || "{}");
    } catch (error) {
      return values;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      return values;
    }
    Object.keys(parsed).forEach(function (name) {
      var value = parsed[name];
      if (/^[a-z][a-z0-9_]*$/.test(name) && typeof value === "string") {
        values[name] = value.slice(0, MAX_LENGTH);
      }
    });
    return values;
  }

  function store(values) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(values));
    } catch (error) {
      /* Private browsing can refuse storage; the page still works. */
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(KEY);
    } catch (error) {
      /* As above. */
    }
  }

  /* An element's text without the "Yours to write" labels, which are not the letter's. */
  function textOf(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll(".letter-slot-label").forEach(function (label) {
      label.remove();
    });
    return copy.textContent;
  }

  /* The letter as a text file, laid out as the build's letters/<id>.txt. */
  function letterText(box) {
    var body = textOf(box.querySelector(".letter-text pre"));
    var subject = box.querySelector(".letter-subject .letter-inline");
    return { subject: subject ? textOf(subject) : null, body: body };
  }

  function asFile(letter) {
    return (letter.subject === null ? "" : "Subject: " + letter.subject + "\n\n") + letter.body + "\n";
  }

  function mailto(letter) {
    var fields = [];
    if (letter.subject !== null) {
      fields.push("subject=" + encodeURIComponent(letter.subject));
    }
    fields.push("body=" + encodeURIComponent(letter.body.replace(/\n/g, "\r\n")));
    return "mailto:?" + fields.join("&");
  }

  function fill(values) {
    document.querySelectorAll("span.letter-var").forEach(function (blank) {
      var value = String(values[blank.getAttribute("data-var")] || "").trim();
      blank.textContent = value || blank.getAttribute("data-placeholder");
      blank.classList.toggle("letter-var-filled", Boolean(value));
      var slot = blank.closest(".letter-slot");
      if (slot) {
        slot.querySelector(".letter-slot-label").textContent = value ? SLOT_LABEL_FILLED : SLOT_LABEL;
      }
    });
    document.querySelectorAll("div.letter").forEach(function (box) {
      var email = box.querySelector("a.letter-email");
      if (email) {
        email.href = mailto(letterText(box));
      }
    });
  }

  function download(event) {
    var box = event.currentTarget.closest("div.letter");
    if (!box) {
      return;
    }
    event.preventDefault();
    var blob = new Blob([asFile(letterText(box))], { type: "text/plain;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = event.currentTarget.getAttribute("download") || "letter.txt";
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 1000);
  }

  /* A letter opened from "Start from their message" carries the names found in the
     message in its #fragment (which browsers never send). Take them, and take them out
     of the address at once, so the page's address holds only the letter's anchor. They
     fill the form; like anything in it, they are kept only once the reader types. */
  function fromLink() {
    var found = /^#(letter-[a-z0-9-]+)\?(.+)$/.exec(window.location.hash);
    if (!found) {
      return null;
    }
    var given = {};
    new URLSearchParams(found[2]).forEach(function (value, name) {
      if (/^[a-z][a-z0-9_]*$/.test(name)) {
        given[name] = value.slice(0, MAX_LENGTH);
      }
    });
    window.history.replaceState(
      null, "", window.location.pathname + window.location.search + "#" + found[1]
    );
    return { id: found[1], values: given };
  }

  function setUp() {
    var values = stored();
    var linked = fromLink();
    if (linked) {
      Object.keys(linked.values).forEach(function (name) {
        values[name] = linked.values[name];
      });
    }
    var form = document.querySelector("form.letter-personalise");
    var box = document.querySelector(".letter-personalise-box");
    if (form) {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && typeof values[field.name] === "string") {
          field.value = values[field.name];
        }
      });
      form.addEventListener("input", function (event) {
        var field = event.target;
        if (!field.name) {
          return;
        }
        values[field.name] = field.value.slice(0, MAX_LENGTH);
        store(values);
        fill(values);
      });
      form.addEventListener("reset", function () {
        values = {};
        forget();
        window.setTimeout(function () {
          fill(values);
        }, 0);
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
      });
      if (box) {
        box.hidden = false;
      }
    }
    document.querySelectorAll("a.letter-download").forEach(function (link) {
      link.addEventListener("click", download);
    });
    fill(values);
    if (linked) {
      if (box) {
        box.open = true;  /* the names are there to check */
      }
      var letter = document.getElementById(linked.id);
      if (letter) {
        letter.scrollIntoView();
      }
    }
  }

  window.followupLetters = { text: letterText, asFile: asFile, mailto: mailto };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
