'use strict';
// Live preview of Markdown fields: each preview box names the field it shows
// (data-markdown-source); while the editor types, the server renders and
// sanitizes the text, exactly as readers will get it.
{
    const DELAY_MS = 300;

    function sourceFor(preview) {
        const name = preview.dataset.markdownSource;
        const scope = preview.closest('tr') || preview.closest('fieldset') || document;
        return scope.querySelector(`textarea[name="${name}"], textarea[name$="-${name}"]`);
    }

    function csrfToken() {
        const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
        return input ? input.value : '';
    }

    function connect(preview) {
        const source = sourceFor(preview);
        if (!source || preview.dataset.connected) {
            return;
        }
        preview.dataset.connected = 'true';
        let timer = null;
        source.addEventListener('input', () => {
            clearTimeout(timer);
            timer = setTimeout(async () => {
                const response = await fetch(preview.dataset.previewUrl, {
                    method: 'POST',
                    headers: {'X-CSRFToken': csrfToken()},
                    body: new URLSearchParams({text: source.value}),
                    credentials: 'same-origin',
                });
                // Rendered and sanitized by the server's allow-list.
                preview.innerHTML = response.ok ? await response.text() : '';
            }, DELAY_MS);
        });
    }

    document.addEventListener('DOMContentLoaded', () => {
        // The formset's blank template row is connected when a copy is added.
        document.querySelectorAll('.markdown-preview[data-markdown-source]')
            .forEach((preview) => preview.closest('.empty-form') || connect(preview));
    });
    document.addEventListener('formset:added', (event) => {
        event.target.querySelectorAll('.markdown-preview[data-markdown-source]').forEach(connect);
    });
}
