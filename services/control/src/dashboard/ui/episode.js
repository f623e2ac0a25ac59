// The episode page's player: click a line, chapter or quote to seek; the current line follows playback;
// ?t=SECONDS (or #t=SECONDS) opens the page at that moment.
(function () {
  const player = document.getElementById('player');
  const lines = Array.from(document.querySelectorAll('#transcript .line'));
  const chapters = Array.from(document.querySelectorAll('.chapters li'));
  const follow = document.getElementById('follow');
  let current = null;

  function mark(list, t) {
    let hit = null;
    for (const el of list) if (Number(el.dataset.start) <= t) hit = el;
    return hit;
  }
  function highlight(t) {
    const line = mark(lines, t);
    if (line !== current) {
      if (current) current.classList.remove('current');
      if (line) {
        line.classList.add('current');
        if (!follow || follow.checked) line.scrollIntoView({ block: 'nearest' });
      }
      current = line;
    }
    chapters.forEach((c) => c.classList.toggle('current', Number(c.dataset.start) <= t && t < Number(c.dataset.end)));
  }
  function seek(t) {
    if (!player) return highlight(t);
    player.currentTime = t;
    highlight(t);
  }
  document.addEventListener('click', (ev) => {
    const el = ev.target.closest('.seek');
    if (!el) return;
    seek(Number(el.dataset.start));
    if (player) player.play().catch(() => {});
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && ev.target.classList && ev.target.classList.contains('seek')) seek(Number(ev.target.dataset.start));
  });
  if (player) player.addEventListener('timeupdate', () => highlight(player.currentTime));

  const wanted = Number(new URLSearchParams(location.search).get('t') ?? (/^#t=([\d.]+)/.exec(location.hash) || [])[1]);
  if (Number.isFinite(wanted) && wanted > 0) {
    highlight(wanted);
    if (player) {
      const go = () => { player.currentTime = wanted; };
      if (player.readyState >= 1) go();
      else player.addEventListener('loadedmetadata', go, { once: true });
    }
  }
})();
