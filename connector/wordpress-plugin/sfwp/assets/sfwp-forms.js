/* global window, document */
/**
 * Progressive enhancement of sfwp forms: send with fetch and show the intake route's messages
 * in place. Without this script the form still works (a plain POST answered with a redirect).
 * Messages are set with textContent only.
 */
(function () {
  'use strict';

  var SENDING_FAILED =
    (window.sfwpForms && window.sfwpForms.sendingFailed) ||
    'Your message could not be sent. Please check your connection and try again.';

  function setStatus(form, text, isError) {
    var status = form.querySelector('.sfwp-form__status');
    status.textContent = text;
    status.classList.toggle('sfwp-form__status--error', isError);
    return status;
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(
      form.querySelectorAll('[aria-invalid="true"]'),
      function (control) {
        control.removeAttribute('aria-invalid');
        control.removeAttribute('aria-describedby');
      },
    );
    Array.prototype.forEach.call(form.querySelectorAll('.sfwp-form__error'), function (error) {
      error.textContent = '';
    });
  }

  function showErrors(form, errors) {
    var first = null;
    Object.keys(errors).forEach(function (name) {
      var control = form.elements.namedItem(name);
      if (!control || !control.id) {
        return;
      }
      var error = document.getElementById(control.id + '-error');
      if (error) {
        error.textContent = String(errors[name]);
        control.setAttribute('aria-describedby', error.id);
      }
      control.setAttribute('aria-invalid', 'true');
      first = first || control;
    });
    return first;
  }

  function showSuccess(form, message) {
    var done = document.createElement('p');
    done.className = 'sfwp-form__status sfwp-form__status--ok';
    done.setAttribute('role', 'status');
    done.setAttribute('tabindex', '-1');
    done.textContent = message;
    form.parentNode.replaceChild(done, form);
    done.focus();
  }

  function fillContext(form) {
    var query = new URLSearchParams(window.location.search);
    form.elements.namedItem('_sfwp_page').value = window.location.href;
    ['source', 'medium', 'campaign', 'term', 'content'].forEach(function (key) {
      var input = form.elements.namedItem('utm_' + key);
      if (input && !input.value && query.get('utm_' + key)) {
        input.value = query.get('utm_' + key);
      }
    });
  }

  function send(form, button) {
    var body = new URLSearchParams(new FormData(form));
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    return fetch(form.action, {
      method: 'POST',
      headers: { Accept: 'application/json' },
      body: body,
      credentials: 'same-origin',
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data || {} };
        });
      })
      .then(function (answer) {
        clearErrors(form);
        if (201 === answer.status) {
          if (answer.data.redirect) {
            window.location.assign(answer.data.redirect);
            return;
          }
          showSuccess(form, answer.data.message);
          return;
        }
        var errors = (answer.data.data && answer.data.data.errors) || {};
        var first = showErrors(form, errors);
        var status = setStatus(form, answer.data.message || SENDING_FAILED, true);
        (first || status).focus();
      })
      .catch(function () {
        setStatus(form, SENDING_FAILED, true).focus();
      })
      .finally(function () {
        button.disabled = false;
        form.removeAttribute('aria-busy');
      });
  }

  function enhance(form) {
    var button = form.querySelector('[type="submit"]');
    form.noValidate = true;
    fillContext(form);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!button.disabled) {
        send(form, button);
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-sfwp-form]'), enhance);
  }

  if ('loading' === document.readyState) {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
