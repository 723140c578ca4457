/* Personalise the letters on a page: fill in your details once, and every letter, its
 * copy buttons, its email link and its download use them. A letter that still has a
 * blank in [brackets] says so before it is copied, emailed or downloaded.
 *
 * The details are kept in this browser's local storage, so they follow you from page
 * to page: only the form's own fields, each cut to its length. They are never sent
 * anywhere. Without JavaScript the letters keep their placeholders, the copy buttons
 * stay hidden, and the text-file links download the plain templates.
 */
(function () {
  "use strict";

  var KEY = "after-the-no:details";
  var SLOT_LABEL = "Yours to write: ";
  var SLOT_LABEL_FILLED = "Your words: ";
  /* The names "Start from their message" may put in a letter's link (the variables of
     the fields in src/followup/signals.toml), each with what it is, as the note above
     the letter says it. Nothing else in a #fragment fills anything, and each is cut to
     the length a name may have (markup.MAX_NAME). */
  var LINKED_AS = {
    organisation: "organisation",
    role: "role",
    their_name: "their name",
    your_name: "your name",
  };
  var LINKED = Object.keys(LINKED_AS);
  var LINKED_MAX = 200;
  var FROM_MESSAGE = "From their message";
  var NAME = /^[a-z][a-z0-9_]*$/;
  var SAID = {
    body: "Letter copied: paste it into your message.",
    subject: "Subject copied: paste it into the subject line.",
    failed: "Your browser didn't let this page copy. Select the text and copy it yourself.",
  };
  var GO_ON = {
    body: "Copy it anyway, with the brackets",
    subject: "Copy it anyway, with the brackets",
    email: "Open it anyway, with the brackets",
    download: "Download it anyway, with the brackets",
  };

  function owns(object, name) {
    return Object.prototype.hasOwnProperty.call(object, name);
  }

  /* Every field the form has on any page, with the most characters kept of it: the
     build lists them in the form's data-kept. Storage keeps these and nothing else. */
  function limitsOf(form) {
    var limits = Object.create(null);
    var given = {};
    try {
      given = JSON.parse((form && form.getAttribute("data-kept")) || "{}");
    } catch (error) {
      given = {};
    }
    Object.keys(given || {}).forEach(function (name) {
      if (NAME.test(name) && typeof given[name] === "number" && given[name] > 0) {
        limits[name] = given[name];
      }
    });
    return limits;
  }

  /* Only the form's fields, only text, each cut to its length; empty ones left out. */
  function kept(values, limits) {
    var clean = Object.create(null);
    Object.keys(values).forEach(function (name) {
      var value = values[name];
      if (owns(values, name) && name in limits && typeof value === "string" && value) {
        clean[name] = value.slice(0, limits[name]);
      }
    });
    return clean;
  }

  function plainObject(values) {
    var copy = {};
    Object.keys(values).forEach(function (name) {
      copy[name] = values[name];
    });
    return copy;
  }

  /* The stored details. Storage is the reader's, and anything else in it (left by
     another version of the page, or edited by hand) is dropped rather than trusted,
     and taken out of storage too. */
  function stored(limits) {
    var raw = null;
    var parsed = null;
    try {
      raw = window.localStorage.getItem(KEY);
      parsed = JSON.parse(raw || "{}");
    } catch (error) {
      parsed = null;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      parsed = {};
    }
    var values = kept(parsed, limits);
    if (raw !== null && raw !== JSON.stringify(plainObject(values))) {
      store(values);
    }
    return values;
  }

  function store(values) {
    try {
      if (Object.keys(values).length) {
        window.localStorage.setItem(KEY, JSON.stringify(plainObject(values)));
      } else {
        window.localStorage.removeItem(KEY);
      }
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

  /* The letter's own text just after a blank (after its slot, for a personal detail). */
  function textAfter(blank) {
    var node = blank;
    while (!node.nextSibling && node.parentNode && node.parentNode.classList &&
           node.parentNode.classList.contains("letter-slot")) {
      node = node.parentNode;
    }
    var next = node.nextSibling;
    return next && next.nodeType === Node.TEXT_NODE ? next.textContent : "";
  }

  /* A value without its final full stop where the letter's sentence ends with one, so
     "Brightwave & Co." ends once; as LetterText.fill does it in Python. */
  function fitted(value, following) {
    if (/\.$/.test(value) && following.charAt(0) === ".") {
      return value.slice(0, -1).replace(/\s+$/, "") || value;
    }
    return value;
  }

  /* The one place values go into the page's letters. */
  function fill(values) {
    document.querySelectorAll("span.letter-var").forEach(function (blank) {
      var name = blank.getAttribute("data-var");
      var value = owns(values, name) ? String(values[name] || "").trim() : "";
      blank.textContent = fitted(value, textAfter(blank)) || blank.getAttribute("data-placeholder");
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

  function download(box, link) {
    var blob = new Blob([asFile(letterText(box))], { type: "text/plain;charset=utf-8" });
    var file = document.createElement("a");
    file.href = URL.createObjectURL(blob);
    file.download = link.getAttribute("download") || "letter.txt";
    document.body.appendChild(file);
    file.click();
    file.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(file.href);
    }, 1000);
  }

  /* Copying: the clipboard where the browser offers it, else the older way. */
  function oldCopy(text) {
    return new Promise(function (resolve, reject) {
      var focused = document.activeElement;
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try {
        done = document.execCommand("copy");
      } catch (error) {
        done = false;
      }
      area.remove();
      if (focused && focused.focus) {
        focused.focus();
      }
      (done ? resolve : reject)();
    });
  }

  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).catch(function () {
        return oldCopy(text);
      });
    }
    return oldCopy(text);
  }

  /* Say it in the letter's status line, which screen readers announce. Emptied first,
     so copying twice is announced twice. */
  function announce(box, message) {
    var status = box.querySelector(".letter-status");
    if (!status) {
      return;
    }
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 100);
  }

  function hush(box) {
    var status = box.querySelector(".letter-status");
    if (status) {
      status.textContent = "";
    }
  }

  function copy(box, part) {
    hush(box);
    var letter = letterText(box);
    var text = part === "subject" ? letter.subject : letter.body;
    copyText(text || "").then(
      function () {
        announce(box, SAID[part]);
      },
      function () {
        announce(box, SAID.failed);
      }
    );
  }

  /* The blanks still in [brackets] in what an action takes: the body, the subject, or
     both. Each name once, in the letter's order. */
  function unfilled(box, part) {
    var where = {
      body: [".letter-text"],
      subject: [".letter-subject"],
      all: [".letter-subject", ".letter-text"],
    }[part];
    var names = [];
    where.forEach(function (selector) {
      box.querySelectorAll(selector + " span.letter-var:not(.letter-var-filled)").forEach(
        function (blank) {
          var name = blank.getAttribute("data-var");
          if (names.indexOf(name) < 0) {
            names.push(name);
          }
        }
      );
    });
    return names;
  }

  function fieldFor(name) {
    return document.getElementById("letter-value-" + name);
  }

  function labelFor(name) {
    var label = document.querySelector('label[for="letter-value-' + name + '"]');
    return label ? label.textContent : name.replace(/_/g, " ");
  }

  function closeNotice(box) {
    var open = box.querySelector(".letter-notice");
    if (open) {
      open.remove();
    }
  }

  function button(text, className) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = className;
    made.textContent = text;
    return made;
  }

  /* Before a letter leaves the page with a blank in it: say what is still to fill in,
     with a way to each field, and a way to go on with the brackets. */
  function notice(box, names, action, goOn, from) {
    closeNotice(box);
    hush(box);
    var panel = document.createElement("div");
    panel.className = "letter-notice";
    panel.setAttribute("role", "group");
    var intro = document.createElement("p");
    intro.id = box.id + "-notice";
    intro.className = "letter-notice-intro";
    intro.textContent = names.length === 1
      ? "Your letter still has a blank in [brackets]. Fill it in:"
      : "Your letter still has blanks in [brackets]. Fill them in:";
    panel.setAttribute("aria-labelledby", intro.id);
    panel.appendChild(intro);
    var list = document.createElement("ul");
    list.className = "letter-notice-fields";
    names.forEach(function (name) {
      var item = document.createElement("li");
      var go = button(labelFor(name), "letter-goto");
      go.setAttribute("data-var", name);
      go.addEventListener("click", function () {
        var personalise = document.querySelector(".letter-personalise-box");
        if (personalise) {
          personalise.open = true;
        }
        closeNotice(box);
        var field = fieldFor(name);
        if (field) {
          field.focus();
        }
      });
      item.appendChild(go);
      list.appendChild(item);
    });
    panel.appendChild(list);
    var onward = button(GO_ON[action], "letter-go-on");
    onward.addEventListener("click", function () {
      var accepted = (box.getAttribute("data-go-on") || "").split(" ").filter(Boolean);
      box.setAttribute("data-go-on", accepted.concat(names).join(" "));
      closeNotice(box);
      if (from) {
        from.focus();  /* back where the reader was, not lost with the notice */
      }
      goOn();
    });
    var last = document.createElement("p");
    last.appendChild(onward);
    panel.appendChild(last);
    var actions = box.querySelector(".letter-actions");
    actions.parentNode.insertBefore(panel, actions.nextSibling);
    list.querySelector("button").focus();
  }

  /* The blanks to ask about before an action: none once the reader has said to go on
     with each of them in this letter. */
  function waiting(box, part) {
    var names = unfilled(box, part);
    var accepted = (box.getAttribute("data-go-on") || "").split(" ");
    return names.every(function (name) { return accepted.indexOf(name) >= 0; }) ? [] : names;
  }

  /* Do an action now if nothing is left to fill in; otherwise ask first. */
  function checked(box, part, action, run, from) {
    var names = waiting(box, part);
    closeNotice(box);
    if (names.length) {
      notice(box, names, action, run, from);
    } else {
      run();
    }
  }

  function setUpBox(box) {
    var copies = box.querySelector(".letter-copies");
    if (copies) {
      copies.querySelectorAll("button.letter-copy").forEach(function (control) {
        var part = control.getAttribute("data-copy") === "subject" ? "subject" : "body";
        control.addEventListener("click", function () {
          checked(box, part, part, function () {
            copy(box, part);
          }, control);
        });
      });
      copies.hidden = false;
    }
    var save = box.querySelector("a.letter-download");
    if (save) {
      save.addEventListener("click", function (event) {
        event.preventDefault();
        checked(box, "all", "download", function () {
          download(box, save);
        }, save);
      });
    }
    var email = box.querySelector("a.letter-email");
    if (email) {
      email.addEventListener("click", function (event) {
        var names = waiting(box, "all");
        closeNotice(box);
        if (names.length) {  /* else the link opens the email app, as it is */
          event.preventDefault();
          notice(box, names, "email", function () {
            window.location.href = email.href;
          }, email);
        }
      });
    }
  }

  /* A letter opened from "Start from their message" carries the names found in the
     message in its #fragment (which browsers never send). Take them, and take them out
     of the address at once, so the page's address holds only the letter's anchor. Only
     the four names are taken, each at most a name's length; anything else is dropped.
     They fill the form; like anything in it, they are kept only once the reader types. */
  function fromLink() {
    var found = /^#(letter-[a-z0-9-]+)\?([\s\S]+)$/.exec(window.location.hash);
    if (!found) {
      return null;
    }
    var given = Object.create(null);
    var params = new URLSearchParams(found[2]);
    params.forEach(function (value, name) {
      if (LINKED.indexOf(name) >= 0 && !(name in given)) {
        given[name] = value.slice(0, LINKED_MAX);
      }
    });
    window.history.replaceState(
      null, "", window.location.pathname + window.location.search + "#" + found[1]
    );
    /* "fresh": a new message, so nothing kept from an earlier letter is used. */
    return { id: found[1], values: given, fresh: params.get("fresh") === "1" };
  }

  /* The names from their message (a link's, so LINKED names only) that went into this
     page's form, in the form's order: each with its field. Only a name with a field
     here fills anything. */
  function filledFromLink(form, given) {
    var filled = [];
    if (!form) {
      return filled;
    }
    Array.prototype.forEach.call(form.elements, function (field) {
      var name = field.name;
      if (name && owns(given, name) && given[name].trim()) {
        filled.push({ name: name, value: given[name].trim(), field: field });
      }
    });
    return filled;
  }

  /* Mark a field as filled from their message, beside its label and in what a screen
     reader says of it, until the reader changes it. */
  function markField(field) {
    var mark = document.createElement("span");
    mark.id = field.id + "-from";
    mark.className = "letter-field-from";
    mark.textContent = FROM_MESSAGE;
    var label = document.querySelector('label[for="' + field.id + '"]');
    (label || field).insertAdjacentElement("afterend", mark);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + mark.id);
  }

  function unmarkField(field) {
    var mark = document.getElementById(field.id + "-from");
    if (!mark) {
      return;
    }
    mark.remove();
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(
      function (id) { return id && id !== mark.id; }
    );
    if (described.length) {
      field.setAttribute("aria-describedby", described.join(" "));
    } else {
      field.removeAttribute("aria-describedby");
    }
  }

  /* Just above the letter opened from their message: the names put in it, and what each
     is, with a way straight to the form to correct them. Only text goes in: the names
     are the message's, and could be anything. */
  function filledNotice(letter, filled, box) {
    var panel = document.createElement("div");
    panel.className = "letter-filled";
    panel.id = letter.id + "-from";
    panel.setAttribute("role", "group");
    var said = document.createElement("p");
    said.id = letter.id + "-filled";
    said.className = "letter-filled-names";
    said.appendChild(document.createTextNode("Filled in from their message: "));
    filled.forEach(function (one, index) {
      if (index) {
        said.appendChild(document.createTextNode(", "));
      }
      var value = document.createElement("strong");
      value.className = "letter-filled-value";
      value.setAttribute("data-var", one.name);
      value.textContent = one.value;
      said.appendChild(value);
      said.appendChild(document.createTextNode(" (" + LINKED_AS[one.name] + ")"));
    });
    said.appendChild(document.createTextNode(
      filled.length === 1 ? ". Check it's right." : ". Check they're right."
    ));
    panel.setAttribute("aria-labelledby", said.id);
    panel.appendChild(said);
    var change = button("Change", "letter-filled-change");
    change.setAttribute("aria-describedby", said.id);
    change.addEventListener("click", function () {
      if (box) {
        box.open = true;
      }
      var field = filled[0].field;  /* in the middle of the screen, clear of the header */
      field.scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    });
    panel.appendChild(change);
    var first = letter.querySelector(".letter-subject, .letter-text");
    letter.insertBefore(panel, first && first.parentNode === letter ? first : null);
    return panel;
  }

  function setUp() {
    var form = document.querySelector("form.letter-personalise");
    var limits = limitsOf(form);
    var values = stored(limits);
    var linked = fromLink();
    if (linked) {
      if (linked.fresh) {
        values = Object.create(null);
        forget();
      }
      Object.keys(linked.values).forEach(function (name) {
        values[name] = linked.values[name];
      });
    }
    var box = document.querySelector(".letter-personalise-box");
    var fromMessage = linked ? filledFromLink(form, linked.values) : [];
    var letter = linked ? document.getElementById(linked.id) : null;
    if (!letter || !letter.matches("div.letter")) {
      letter = null;
    }
    /* The note above the letter says what is still as their message gave it. */
    function showFromMessage() {
      var shown = letter && document.getElementById(letter.id + "-from");
      if (shown) {
        shown.remove();
      }
      if (letter && fromMessage.length) {
        filledNotice(letter, fromMessage, box);
      }
    }
    /* A name the reader changes is theirs: no longer marked as the message's. */
    function changedByReader(fields) {
      var before = fromMessage.length;
      fromMessage = fromMessage.filter(function (one) {
        if (fields.indexOf(one.field) < 0) {
          return true;
        }
        unmarkField(one.field);
        return false;
      });
      if (fromMessage.length !== before) {
        showFromMessage();
      }
    }
    if (form) {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && owns(values, field.name) && typeof values[field.name] === "string") {
          field.value = values[field.name];
        }
      });
      form.addEventListener("input", function (event) {
        var field = event.target;
        if (!field.name || !(field.name in limits)) {
          return;
        }
        changedByReader([field]);
        values[field.name] = field.value.slice(0, limits[field.name]);
        values = kept(values, limits);
        store(values);
        fill(values);
        document.querySelectorAll("div.letter .letter-notice").forEach(function (open) {
          open.remove();  /* what it named may be filled now: the next press asks afresh */
        });
      });
      form.addEventListener("reset", function () {
        values = Object.create(null);
        forget();
        changedByReader(Array.prototype.slice.call(form.elements));
        document.querySelectorAll("div.letter[data-go-on]").forEach(function (letter) {
          letter.removeAttribute("data-go-on");  /* a fresh start asks again */
        });
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
    document.querySelectorAll("div.letter").forEach(setUpBox);
    fill(values);
    if (linked) {
      if (box) {
        box.open = true;  /* the names are there to check */
      }
      fromMessage.forEach(function (one) {
        markField(one.field);
      });
      showFromMessage();
      var opened = document.getElementById(linked.id);
      if (opened) {
        opened.scrollIntoView();
      }
    }
  }

  window.followupLetters = {
    text: letterText,
    asFile: asFile,
    mailto: mailto,
    linked: LINKED.slice(),
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
