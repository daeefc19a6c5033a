// The scanner page with JavaScript (see door_pages.go): the page's forms go to the
// JSON API instead of reloading the page; each result shows at once in the result
// panel (an aria-live region), with a high beep for ok and a low double beep for a
// problem, and the code field is cleared and focused for the next scan. The camera
// reads QR codes with BarcodeDetector where the browser has it, otherwise with jsQR
// (loaded from our own origin on first use). Without this file every form still
// works as a plain form post.
(function () {
  'use strict';

  var root = document.getElementById('scan');
  if (!root || !window.fetch || !window.Promise) {
    return;
  }
  var api = root.getAttribute('data-api');
  var lang = root.getAttribute('data-lang') || 'sv';
  var texts = document.getElementById('scan-texts').dataset;
  var form = document.getElementById('scan-form');
  var input = document.getElementById('code');
  var panel = document.getElementById('scan-result');
  var live = document.getElementById('scan-live');
  var undoForm = document.getElementById('scan-undo');
  var sessionField = form.querySelector('input[name=session_id]');
  var coarse = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;

  // --- talking to the API ------------------------------------------------------

  function request(method, path, body) {
    var url = api + path + (path.indexOf('?') >= 0 ? '&' : '?') + 'lang=' + encodeURIComponent(lang);
    var opts = { method: method, headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' };
    if (body) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        return { ok: resp.ok, status: resp.status, data: data };
      });
    });
  }

  function errorMessage(r) {
    return (r && r.data && r.data.error && r.data.error.message) || texts.offline;
  }

  // --- sound -------------------------------------------------------------------

  var audio = null;

  // audioContext is made on a user gesture (browsers start audio only then) and reused.
  function audioContext() {
    var AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) {
      return null;
    }
    if (!audio) {
      try { audio = new AC(); } catch (e) { return null; }
    }
    if (audio.state === 'suspended') {
      audio.resume();
    }
    return audio;
  }

  function beep(ctx, freq, at, length) {
    var osc = ctx.createOscillator();
    var gain = ctx.createGain();
    var t0 = ctx.currentTime + at;
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.35, t0 + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + length);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(t0);
    osc.stop(t0 + length + 0.02);
  }

  function sound(tone) {
    var ctx = audioContext();
    if (!ctx) {
      return;
    }
    if (tone === 'ok') {
      beep(ctx, 1400, 0, 0.14);
    } else if (tone === 'warn' || tone === 'bad') {
      beep(ctx, 300, 0, 0.15);
      beep(ctx, 300, 0.22, 0.15);
    }
  }

  document.addEventListener('keydown', audioContext, { once: true });
  document.addEventListener('pointerdown', audioContext, { once: true });

  // --- the result panel ----------------------------------------------------------

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) {
      n.className = cls;
    }
    if (text !== undefined && text !== null) {
      n.textContent = text;
    }
    return n;
  }

  function clear(n) {
    while (n.firstChild) {
      n.removeChild(n.firstChild);
    }
  }

  function setTone(tone) {
    panel.className = 'scan-result scan-tone-' + tone;
  }

  var icons = { ok: '✓', warn: '!', bad: '✗' };

  function showResult(v) {
    setTone(v.tone);
    clear(live);
    var verdict = el('p', 'scan-verdict');
    var icon = el('span', 'scan-icon', icons[v.tone] || '');
    icon.setAttribute('aria-hidden', 'true');
    verdict.appendChild(icon);
    verdict.appendChild(document.createTextNode(' ' + v.verdict));
    live.appendChild(verdict);
    if (v.name) {
      live.appendChild(el('p', 'scan-name', v.name));
    }
    if (v.organisation) {
      live.appendChild(el('p', 'scan-org', v.organisation));
    }
    live.appendChild(el('p', 'scan-message', v.message));
    if (v.outcome === 'ok') {
      var dl = el('dl', 'scan-facts');
      var fact = function (label, value) {
        if (value) {
          dl.appendChild(el('dt', null, label));
          dl.appendChild(el('dd', null, value));
        }
      };
      fact(texts.category, v.category_label);
      fact(texts.diet, v.diet);
      fact(texts.accessibility, v.accessibility);
      live.appendChild(dl);
      undoForm.querySelector('input[name=registration_id]').value = v.registration_id;
      undoForm.querySelector('input[name=session_id]').value = v.session_id || '';
      undoForm.hidden = false;
    } else {
      undoForm.hidden = true;
    }
    counts(v.checked_in, v.expected);
  }

  function showText(text, tone) {
    setTone(tone);
    clear(live);
    live.appendChild(el('p', 'scan-verdict', text));
    undoForm.hidden = true;
  }

  function counts(checkedIn, expected) {
    if (typeof checkedIn === 'number' && typeof expected === 'number') {
      document.getElementById('scan-checked-in').textContent = checkedIn;
      document.getElementById('scan-expected').textContent = expected;
    }
  }

  function ready(refocus) {
    if (refocus) {
      input.focus();
    }
  }

  // --- scanning ------------------------------------------------------------------

  var latest = 0;

  // submit checks a code in; answers that arrive after a newer scan's only beep.
  function submit(code, refocus) {
    var seq = ++latest;
    audioContext();
    return request('POST', '', { code: code, session_id: sessionField.value }).then(function (r) {
      var tone = r.ok ? r.data.tone : 'bad';
      sound(tone);
      if (seq !== latest) {
        return;
      }
      if (r.ok) {
        showResult(r.data);
      } else {
        showText(errorMessage(r), 'bad');
      }
    }, function () {
      sound('bad');
      if (seq === latest) {
        showText(texts.offline, 'bad');
      }
    }).then(function () { ready(refocus); });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var code = input.value.trim();
    input.value = '';
    if (!code) {
      input.focus();
      return;
    }
    submit(code, true);
  });

  undoForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var body = {
      registration_id: undoForm.querySelector('input[name=registration_id]').value,
      session_id: undoForm.querySelector('input[name=session_id]').value
    };
    request('POST', '/undo', body).then(function (r) {
      if (r.ok) {
        showText(r.data.message, 'undo');
        counts(r.data.checked_in, r.data.expected);
      } else {
        showText(errorMessage(r), 'bad');
      }
    }, function () { showText(texts.offline, 'bad'); }).then(function () { ready(true); });
  });

  // --- what check-ins are for: the event or a workshop ------------------------------

  var sessionSelect = document.getElementById('session');

  function refreshCounts() {
    if (document.hidden) {
      return;
    }
    var s = sessionField.value;
    request('GET', '/stats' + (s ? '?session=' + encodeURIComponent(s) : ''), null).then(function (r) {
      if (r.ok) {
        counts(r.data.checked_in, r.data.expected);
      }
    }, function () {});
  }

  if (sessionSelect) {
    document.getElementById('scan-session-submit').hidden = true;
    sessionSelect.addEventListener('change', function () {
      var s = sessionSelect.value;
      sessionField.value = s;
      var searchSession = document.querySelector('#scan-search input[name=session]');
      if (searchSession) {
        searchSession.value = s;
      }
      var option = sessionSelect.options[sessionSelect.selectedIndex];
      document.getElementById('scan-scope').textContent = option ? option.text : '';
      if (window.history && history.replaceState) {
        history.replaceState(null, '', location.pathname + (s ? '?session=' + encodeURIComponent(s) : ''));
      }
      refreshCounts();
    });
  }
  setInterval(refreshCounts, 15000);
  document.addEventListener('visibilitychange', refreshCounts);

  // --- search and manual check-in --------------------------------------------------

  var searchForm = document.getElementById('scan-search');
  var hitsBox = document.getElementById('scan-hits');
  var lastQuery = '';

  function renderHits(hits) {
    clear(hitsBox);
    if (!hits.length) {
      hitsBox.appendChild(el('p', null, texts.searchNone));
      return;
    }
    var list = el('ul', 'scan-hits');
    var s = sessionField.value;
    hits.forEach(function (h) {
      var li = el('li', 'scan-hit');
      li.appendChild(el('p', 'scan-hit-name', h.name));
      var meta = (h.organisation ? h.organisation + ' · ' : '') + h.state;
      if (h.checked_in) {
        meta += ' · ' + texts.checkedIn + ' ' + h.checked_in_clock + ' (' + h.station + ')';
      }
      li.appendChild(el('p', 'scan-hit-meta', meta));
      if (h.can_check_in || (s && h.status === 'confirmed' && h.on_site)) {
        var f = el('form', 'scan-manual');
        f.method = 'post';
        f.action = form.action.replace(/\/?$/, '') + '/manual';
        var id = el('input');
        id.type = 'hidden';
        id.name = 'registration_id';
        id.value = h.registration_id;
        f.appendChild(id);
        var b = el('button', null, texts.checkIn + ' ');
        b.type = 'submit';
        b.appendChild(el('span', 'org-vh', h.name));
        f.appendChild(b);
        li.appendChild(f);
      }
      list.appendChild(li);
    });
    hitsBox.appendChild(list);
  }

  function search(q) {
    lastQuery = q;
    if (q.length < 2) {
      clear(hitsBox);
      hitsBox.appendChild(el('p', null, texts.searchShort));
      return Promise.resolve();
    }
    clear(hitsBox);
    hitsBox.appendChild(el('p', 'hint', texts.searching));
    return request('GET', '/search?q=' + encodeURIComponent(q), null).then(function (r) {
      if (r.ok) {
        renderHits(r.data.hits || []);
      } else {
        clear(hitsBox);
        hitsBox.appendChild(el('p', 'field-error', errorMessage(r)));
      }
    }, function () {
      clear(hitsBox);
      hitsBox.appendChild(el('p', 'field-error', texts.offline));
    });
  }

  searchForm.addEventListener('submit', function (e) {
    e.preventDefault();
    search(document.getElementById('q').value.trim());
  });

  // Manual check-in: the server's forms in the page and the ones drawn above.
  hitsBox.addEventListener('submit', function (e) {
    var f = e.target;
    if (!f.classList || !f.classList.contains('scan-manual')) {
      return;
    }
    e.preventDefault();
    audioContext();
    var body = { registration_id: f.querySelector('input[name=registration_id]').value, session_id: sessionField.value };
    request('POST', '/manual', body).then(function (r) {
      if (r.ok) {
        sound(r.data.tone);
        showResult(r.data);
      } else {
        sound('bad');
        showText(errorMessage(r), 'bad');
      }
      if (lastQuery || document.getElementById('q').value.trim()) {
        return search(lastQuery || document.getElementById('q').value.trim());
      }
    }, function () { showText(texts.offline, 'bad'); }).then(function () { ready(true); });
  });

  // --- camera ------------------------------------------------------------------------

  var cameraBox = document.getElementById('scan-camera');
  var startButton = document.getElementById('scan-camera-start');
  var stopButton = document.getElementById('scan-camera-stop');
  var cameraStatus = document.getElementById('scan-camera-status');
  var video = document.getElementById('scan-video');
  var stream = null;
  var timer = null;
  var detector = null;
  var canvas = null;
  var ctx2d = null;
  var decoding = false;
  var lastCode = '';
  var lastSeen = 0;

  function loadJsQR() {
    if (window.jsQR) {
      return Promise.resolve();
    }
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = '/static/vendor/jsqr/jsQR.js';
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function prepareDecoder() {
    if ('BarcodeDetector' in window && window.BarcodeDetector.getSupportedFormats) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf('qr_code') >= 0) {
          detector = new window.BarcodeDetector({ formats: ['qr_code'] });
          return null;
        }
        return loadJsQR();
      }, loadJsQR);
    }
    return loadJsQR();
  }

  // found takes a decoded code; the same code again within 3 seconds of last seeing it
  // (a badge held in front of the camera) is ignored.
  function found(code) {
    code = String(code || '').trim();
    if (!code) {
      return;
    }
    var now = Date.now();
    var repeat = code === lastCode && now - lastSeen < 3000;
    lastCode = code;
    lastSeen = now;
    if (!repeat) {
      submit(code, !coarse);
    }
  }

  function tick() {
    if (decoding || !stream || video.readyState < 2) {
      return;
    }
    decoding = true;
    if (detector) {
      detector.detect(video).then(function (codes) {
        if (codes && codes.length) {
          found(codes[0].rawValue);
        }
      }, function () {}).then(function () { decoding = false; });
      return;
    }
    try {
      var w = video.videoWidth;
      var h = video.videoHeight;
      if (w && h && window.jsQR) {
        var scale = Math.min(1, 720 / Math.max(w, h));
        canvas.width = Math.round(w * scale);
        canvas.height = Math.round(h * scale);
        ctx2d.drawImage(video, 0, 0, canvas.width, canvas.height);
        var img = ctx2d.getImageData(0, 0, canvas.width, canvas.height);
        var res = window.jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
        if (res && res.data) {
          found(res.data);
        }
      }
    } finally {
      decoding = false;
    }
  }

  function stopCamera() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }
    video.srcObject = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  function startCamera() {
    audioContext();
    cameraStatus.textContent = texts.cameraStarting;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        return video.play();
      })
      .then(prepareDecoder)
      .then(function () {
        if (!detector) {
          canvas = document.createElement('canvas');
          ctx2d = canvas.getContext('2d', { willReadFrequently: true });
        }
        startButton.hidden = true;
        stopButton.hidden = false;
        cameraStatus.textContent = texts.cameraOn;
        if (coarse) {
          input.blur(); // the on-screen keyboard would cover the picture
        }
        timer = setInterval(tick, 125); // about 8 frames a second
        stopButton.focus();
        if (video.scrollIntoView) {
          video.scrollIntoView({ block: 'nearest' });
        }
      })
      .catch(function (err) {
        stopCamera();
        var name = err && err.name;
        cameraStatus.textContent = (name === 'NotFoundError' || name === 'OverconstrainedError') ? texts.cameraNone : texts.cameraDenied;
      });
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraBox.hidden = false;
    startButton.addEventListener('click', startCamera);
    stopButton.addEventListener('click', function () {
      stopCamera();
      cameraStatus.textContent = '';
      startButton.focus();
    });
    document.addEventListener('visibilitychange', function () {
      if (document.hidden && stream) {
        stopCamera();
        cameraStatus.textContent = '';
      }
    });
    window.addEventListener('pagehide', stopCamera);
  } else if (!window.isSecureContext) {
    cameraBox.hidden = false;
    startButton.hidden = true;
    cameraStatus.textContent = texts.cameraInsecure;
  }
}());
