// Autosave of a topic or reply being written. Without this script the
// form is still saved as a draft by Save draft and by Preview; with it,
// the form also saves itself every little while (the form's
// data-autosave, in milliseconds) when its words have changed, and says
// so in its status line, a polite live region. The words go to the
// forum's server only, never into the browser's storage: no
// localStorage, sessionStorage, IndexedDB or cookie holds them, so that
// "Exit this page" and a shared computer leave nothing behind.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  var status = document.getElementById("draft-status");
  var every = form ? parseInt(form.getAttribute("data-autosave"), 10) : 0;
  if (!form || !status || !(every > 0) || !window.fetch || !window.FormData || !window.URLSearchParams) { return; }

  var changed = false, saving = false, stopped = false;
  function edited() { changed = true; }
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  // Once the form is sent, its draft is the server's business: an
  // autosave after that would be answered "sent already" at best.
  form.addEventListener("submit", function () { stopped = true; });

  function say(text) {
    if (text && status.textContent !== text) { status.textContent = text; }
  }

  function save() {
    if (!changed || saving || stopped) { return; }
    changed = false;
    saving = true;
    var data = new FormData(form);
    data.set("action", "draft");
    data.set("autosave", "yes");
    // getAttribute: the form's buttons are named "action", which
    // form.action would return instead of the address.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new URLSearchParams(data),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (res) {
      if (res.status === 401) {
        stopped = true;
        say("You are signed out, so your draft was not saved. Press Save draft or Preview: you will sign in again and your words will come with you.");
        return;
      }
      var json = (res.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      return (json ? res.json() : Promise.resolve({})).then(function (answer) {
        // A refusal is final until the words change; a failure of the
        // server's is tried again.
        if (res.status >= 500) { changed = true; }
        say(answer.status || "Your draft could not be saved just now. Press Save draft to try again.");
      });
    }).catch(function () {
      changed = true;
      say("Your draft could not be saved just now: the forum did not answer. It will try again.");
    }).then(function () { saving = false; });
  }

  window.setInterval(save, every);
})();
