// The review page: "Approve" waits until the end of the changes has been on screen.
//
// The button comes enabled in the page, so that without script (or without
// IntersectionObserver) it works as before; here it is marked aria-disabled, not
// disabled, so that keyboard and screen-reader users still reach it and hear why
// (the hint it is described by, a polite live region). The end of the changes
// counts as seen once it shows above the decision bar, which stays at the bottom
// of the window and would otherwise hide it. A short diff that fits is seen at once.
(function () {
  "use strict";

  function gate(button) {
    const end = document.getElementById(button.dataset.approveAfter);
    const hint = document.getElementById(button.getAttribute("aria-describedby"));
    const bar = button.closest("form");
    if (!end || !bar || !("IntersectionObserver" in window)) {
      return;
    }
    let waiting = true;
    button.setAttribute("aria-disabled", "true");
    if (hint) {
      hint.textContent =
        "Approve becomes available once you have scrolled to the end of the changes.";
    }

    function refuse(event) {
      if (waiting && (event.type === "click" || event.submitter === button)) {
        event.preventDefault();
        if (hint) {
          hint.classList.add("workflow-approve-hint-asked");
        }
      }
    }
    button.addEventListener("click", refuse);
    bar.addEventListener("submit", refuse);

    // The bar's height, as it stands at the bottom of the window, hides what is under it:
    // the end counts as seen above it, and what is scrolled or tabbed to stops above it.
    const hidden = Math.min(bar.offsetHeight, Math.floor(window.innerHeight / 2));
    document.documentElement.style.scrollPaddingBottom = hidden + 16 + "px";
    const observer = new IntersectionObserver(
      function (entries) {
        if (!entries.some((entry) => entry.isIntersecting)) {
          return;
        }
        waiting = false;
        observer.disconnect();
        button.removeAttribute("aria-disabled");
        if (hint) {
          hint.classList.remove("workflow-approve-hint-asked");
          hint.textContent = "You have reached the end of the changes: you may approve.";
        }
      },
      { rootMargin: "0px 0px -" + hidden + "px 0px" },
    );
    observer.observe(end);
  }

  function start() {
    document.querySelectorAll("button[data-approve-after]").forEach(gate);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
