// Drafts: the composers autosave with htmx (hx-trigger on their .draft-status element, see
// templates/discussions/_composer.html). This adds what htmx cannot do:
//   - save once more when the member leaves the page with unsaved typing (sendBeacon);
//   - never save after the form was submitted, so that a late autosave cannot bring back the
//     draft of a post just published (the server refuses those too: composer_opened).
// No inline script: the Content-Security-Policy runs only our static files.
document.addEventListener("DOMContentLoaded", () => {
  for (const status of document.querySelectorAll("[data-draft-url]")) {
    const form = status.closest("form");
    if (!form) continue;
    let dirty = false;
    let submitting = false;
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("submit", () => { submitting = true; });
    document.body.addEventListener("htmx:confirm", (event) => {
      if (event.detail.elt === status && submitting) event.preventDefault();
    });
    document.body.addEventListener("htmx:afterRequest", (event) => {
      if (event.detail.elt === status && event.detail.successful) dirty = false;
    });
    const leave = () => {
      if (!dirty || submitting || !navigator.sendBeacon) return;
      const data = new FormData(form);
      data.delete("attachments");
      data.delete("remove_attachment");
      if (navigator.sendBeacon(status.dataset.draftUrl, data)) dirty = false;
    };
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") leave();
    });
  }
});
