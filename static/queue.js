// Keyboard shortcuts for the moderation queue. Without this script every
// action is still a button or a link; with it, j and k move between posts
// and a, d and e act on the one in focus. Keys typed into a field are left
// alone.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
  if (!items.length) { return; }

  function current() {
    var el = document.activeElement;
    while (el && el !== document.body) {
      if (el.classList && el.classList.contains("queue-item")) { return el; }
      el = el.parentNode;
    }
    return null;
  }

  function move(by) {
    var at = items.indexOf(current());
    var next = at === -1 ? 0 : Math.min(items.length - 1, Math.max(0, at + by));
    items[next].focus();
    items[next].scrollIntoView({ block: "start" });
  }

  function act(key) {
    var item = current();
    if (!item) { move(0); return; }
    var control = item.querySelector('[data-shortcut="' + key + '"]');
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
      case "a": case "d": case "e": act(event.key); break;
      default: return;
    }
    event.preventDefault();
  });
})();
