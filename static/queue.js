// The moderation queue, enhanced. Without this script every action is
// still a button, a link or a form (Select all reloads the page with every
// post ticked; after a decision the page opens at the next post). With it:
// - one post is "current" (marked, and aria-current): the one last
//   focused, or the one the page opened at after a decision, which also
//   takes the focus;
// - keys: j and k move between posts, r unfolds or folds the current
//   post, x ticks it, a approves it, d opens its decline form, e edits it
//   (keys typed into a field are left alone; the last five act only while
//   the post has the focus);
// - the bar counts the ticked posts, and Select all ticks them in place;
// - the page's scroll padding follows the bar's height, so that nothing
//   the moderator moves to is hidden under it.
(function () {
  "use strict";
  var list = document.querySelector(".queue");
  if (!list) { return; }
  var root = document.documentElement;
  root.classList.add("queue-js");
  var items = Array.prototype.slice.call(list.querySelectorAll(".queue-item"));
  var bar = document.getElementById("bulk-bar");
  var shortcuts = document.getElementById("shortcuts");
  if (shortcuts) { shortcuts.hidden = false; }

  var current = null;

  function itemOf(el) {
    while (el && el !== list) {
      if (el.classList && el.classList.contains("queue-item")) { return el; }
      el = el.parentNode;
    }
    return null;
  }

  function setCurrent(item) {
    if (item === current) { return; }
    if (current) {
      current.classList.remove("is-current");
      current.removeAttribute("aria-current");
    }
    current = item;
    if (item) {
      item.classList.add("is-current");
      item.setAttribute("aria-current", "true");
    }
  }

  function go(item) {
    setCurrent(item);
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "start" }); // the scroll padding keeps it below the bar
  }

  function move(by) {
    var at = items.indexOf(current);
    go(items[at === -1 ? 0 : Math.min(items.length - 1, Math.max(0, at + by))]);
  }

  list.addEventListener("focusin", function (event) {
    var item = itemOf(event.target);
    if (item) { setCurrent(item); }
  });
  list.addEventListener("click", function (event) {
    var item = itemOf(event.target);
    if (item) { setCurrent(item); }
  });

  // Approving together.
  var picks = Array.prototype.slice.call(list.querySelectorAll('input[type="checkbox"][form="bulk"]'));
  var count = document.getElementById("bulk-count");
  var selectAll = document.getElementById("select-all");

  function label(button, short, long) {
    button.textContent = short;
    if (long) {
      var more = document.createElement("span");
      more.className = "bar-long";
      more.textContent = long;
      button.appendChild(more);
    }
  }

  function update() {
    var n = picks.filter(function (p) { return p.checked; }).length;
    if (count) {
      if (picks.length) { label(count, n + " of " + picks.length, " selected"); } else { count.textContent = ""; }
    }
    if (selectAll) {
      if (picks.length && n === picks.length) {
        label(selectAll, "Clear the selection");
      } else {
        label(selectAll, "Select all", " on this page");
      }
    }
  }

  update();
  if (count) { count.setAttribute("aria-live", "polite"); }

  // The bar's height, and a little more, is what a post scrolled to must
  // clear (WCAG 2.2 2.4.11). Measured once the count is in it, and set in
  // a stylesheet of the script's own: the page has no style attributes,
  // and the stylesheet's guess stays where this cannot run.
  var sheet = null;
  try {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat(sheet);
  } catch (e) {
    sheet = null;
  }
  function measureBar() {
    if (bar && sheet) {
      sheet.replaceSync(":root { --bulk-bar-room: " + (bar.offsetHeight + 12) + "px !important; }");
    }
  }
  measureBar();
  if (bar && window.ResizeObserver) {
    new ResizeObserver(measureBar).observe(bar);
  } else {
    window.addEventListener("resize", measureBar);
  }

  // After a decision the page opens at the next post (#q…): it becomes
  // current and takes the focus, clear of the bar as it now is.
  if (/^#q\d+$/.test(location.hash)) {
    var landed = document.getElementById(location.hash.slice(1));
    if (landed && landed.classList.contains("queue-item")) {
      setCurrent(landed);
      landed.focus({ preventScroll: true });
      landed.scrollIntoView({ block: "start" });
    }
  }
  list.addEventListener("change", function (event) {
    if (picks.indexOf(event.target) !== -1) { update(); }
  });
  if (selectAll) {
    selectAll.addEventListener("click", function (event) {
      event.preventDefault();
      var all = picks.some(function (p) { return !p.checked; });
      picks.forEach(function (p) { p.checked = all; });
      update();
    });
  }

  // Keys.
  // The keys that act work only while a post, or a control in it, has
  // the focus (WCAG 2.1.4): elsewhere they first bring the focus back to
  // the current post (or the first), so a stray key never decides one.
  function act(key) {
    var item = itemOf(document.activeElement);
    if (!item) {
      if (current) { go(current); } else { move(0); }
      return;
    }
    setCurrent(item);
    if (key === "r") {
      var read = current.querySelector("details.queue-read");
      if (read) { read.open = !read.open; }
      return;
    }
    if (key === "x") {
      var pick = current.querySelector('input[type="checkbox"][form="bulk"]');
      if (pick) { pick.checked = !pick.checked; update(); }
      return;
    }
    var control = current.querySelector('[data-shortcut="' + key + '"]');
    if (!control) { return; }
    if (key === "d") {
      var details = control.parentNode;
      details.open = true;
      details.querySelector("select").focus();
      return;
    }
    control.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": case "d": case "e": case "r": case "x": act(event.key); break;
      default: return;
    }
    event.preventDefault();
  });
})();
