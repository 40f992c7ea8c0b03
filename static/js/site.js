// Progressive enhancement only: every form works without this file.
(() => {
    // Move focus to a form's error summary, so screen readers announce what went wrong.
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
})();
