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

  function stored() {
    try {
      var values = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return values && typeof values === "object" ? values : {};
    } catch (error) {
      return {};
    }
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

  /* The letter as a text file, laid out as the build's letters/<id>.txt. */
  function letterText(box) {
    var body = box.querySelector(".letter-text pre").textContent;
    var subject = box.querySelector(".letter-subject .letter-inline");
    return { subject: subject ? subject.textContent : null, body: body };
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
    document.querySelectorAll("span.letter-var").forEach(function (slot) {
      var value = (values[slot.getAttribute("data-var")] || "").trim();
      slot.textContent = value || slot.getAttribute("data-placeholder");
      slot.classList.toggle("letter-var-filled", Boolean(value));
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

  function setUp() {
    var values = stored();
    var form = document.querySelector("form.letter-personalise");
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
        values[field.name] = field.value;
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
      form.hidden = false;
    }
    document.querySelectorAll("a.letter-download").forEach(function (link) {
      link.addEventListener("click", download);
    });
    fill(values);
  }

  window.followupLetters = { text: letterText, asFile: asFile, mailto: mailto };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
