// Exit this page, in the manner of the GOV.UK Design System component.
// Clicking the button (or its skip link), or pressing Shift three times
// within five seconds, blanks this page at once and replaces it in the
// history with a neutral website, so the Back button does not return here.
// Without JavaScript the button is still an ordinary link to that site.
(function () {
  "use strict";
  var links = document.querySelectorAll("[data-exit]");
  if (!links.length) { return; }
  var destination = links[0].getAttribute("href");

  function exit(event) {
    if (event) { event.preventDefault(); }
    document.title = "Loading";
    document.documentElement.className += " exiting";
    var blank = document.createElement("div");
    blank.className = "exit-overlay";
    blank.setAttribute("aria-live", "polite");
    blank.textContent = "Loading…";
    document.body.innerHTML = "";
    document.body.appendChild(blank);
    window.location.replace(destination);
  }

  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", exit);
  }

  // Any other key starts the count again, and so do five seconds from the
  // first press: Shift+Tab, or capitals typed in a field, never add up.
  var presses = 0;
  var timer = null;
  function restart() {
    presses = 0;
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
  }
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      restart();
      return;
    }
    presses++;
    if (timer === null) {
      timer = window.setTimeout(restart, 5000);
    }
    if (presses >= 3) {
      restart();
      exit();
    }
  });
})();
