/*
 * Respondent pages with JavaScript. htmx (hx-boost) shows the next page in place of the
 * old one after one request; what a page load would do then is done here: the page's
 * language follows the new page, and the focus moves to its heading (or to the error
 * summary, or to a question an answer revealed), so that a screen reader starts reading
 * the new page there; and a post that failed says so. The pages work the same without
 * this file.
 */
(function () {
  "use strict";

  function followLanguage(xhr) {
    var lang = xhr && xhr.getResponseHeader("Content-Language");
    if (lang) {
      document.documentElement.setAttribute("lang", lang);
    }
  }

  function focusTarget() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      return summary;
    }
    var named = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    return named || document.querySelector("main h1");
  }

  function moveFocus() {
    var target = focusTarget();
    if (!target) {
      return;
    }
    if (!target.hasAttribute("tabindex") && target.tabIndex < 0) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    // A live update of the questions (not boosted) leaves the focus where it is.
    if (event.detail && event.detail.boosted) {
      followLanguage(event.detail.xhr);
      moveFocus();
    }
  });
  // Back and Forward: nothing is kept in the browser (hx-history="false"), so htmx asks the
  // server for the page again.
  document.addEventListener("htmx:historyCacheMissLoad", function (event) {
    followLanguage(event.detail.xhr);
  });
  document.addEventListener("htmx:historyRestore", moveFocus);

  // Without JavaScript the browser would say that a post failed; htmx says nothing, so the
  // form's own notice does, and the page with what was typed stays for another try.
  function sendFailedNotice(event) {
    var form = event.detail && event.detail.boosted ? event.detail.elt : null;
    return form && form.querySelector ? form.querySelector(".send-failed") : null;
  }
  ["htmx:sendError", "htmx:timeout", "htmx:responseError"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var notice = sendFailedNotice(event);
      if (notice) {
        notice.hidden = false;
      }
    });
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var notice = sendFailedNotice(event);
    if (notice) {
      notice.hidden = true;
    }
  });
})();
