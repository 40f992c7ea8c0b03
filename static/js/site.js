// Progressive enhancement only: every form works without this file.
(() => {
    // Move focus to a form's error summary, so screen readers announce what went wrong.
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }

    // The menu is a <details> that CSS keeps open on wide screens; a browser without
    // ::details-content gets it opened here instead.
    const menu = document.querySelector("[data-site-menu]");
    if (menu && !CSS.supports("selector(::details-content)")) {
        const wide = window.matchMedia("(min-width: 48rem)");
        const sync = () => {
            if (wide.matches) menu.open = true;
        };
        sync();
        wide.addEventListener("change", sync);
    }
})();
