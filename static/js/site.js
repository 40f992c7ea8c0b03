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
    // Forms on cached pages come without their per-visitor tokens (home/formtokens.py).
    // Fetch fresh ones when the visitor starts filling the form in; the server keeps the
    // minimum fill time from that moment. A send before they arrive waits for them; should
    // the fetch fail, the form is sent anyway and the server asks to send it once more.
    document.querySelectorAll("input[data-form-token-url]").forEach((csrf) => {
        const form = csrf.form;
        if (!form || csrf.value) {
            return;
        }
        let pending = null;
        const fetchTokens = () => {
            if (!pending) {
                pending = fetch(csrf.dataset.formTokenUrl, {
                    credentials: "same-origin",
                    headers: { Accept: "application/json" },
                    cache: "no-store",
                })
                    .then((response) => (response.ok ? response.json() : {}))
                    .then((tokens) => {
                        Object.entries(tokens).forEach(([name, value]) => {
                            const input = form.querySelector(
                                `input[type="hidden"][name="${CSS.escape(name)}"]`,
                            );
                            if (input) {
                                input.value = value;
                            }
                        });
                    })
                    .catch(() => {});
            }
            return pending;
        };
        let waited = false;
        form.addEventListener("focusin", fetchTokens);
        form.addEventListener("input", fetchTokens);
        form.addEventListener("submit", (event) => {
            if (csrf.value || waited) {
                return;
            }
            event.preventDefault();
            waited = true;
            fetchTokens().then(() => form.requestSubmit(event.submitter));
        });
    });
})();
