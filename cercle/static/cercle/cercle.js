// Small behaviours, kept out of the templates: the Content-Security-Policy runs no inline script
// nor on* attribute.
//   <form data-confirm="Question?">  asks before submitting;
//   <input data-select-on-focus>     selects its text when focused (links to copy).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
document.addEventListener("focusin", (event) => {
  if (event.target.matches("input[data-select-on-focus]")) event.target.select();
});
