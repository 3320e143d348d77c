/** The live view's page: a shell the script fills in; no font, style sheet or script from elsewhere. */
export function pageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Orders, live</title>
<style>
  :root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d7dbe3; --paper: #ffffff; --ground: #f3f4f7;
    --current: #ffd866; --current-edge: #b8860b; --refused: #b42318; --refused-ground: #fdecea; --moved: #1a7f37; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--ground); }
  header { display: flex; gap: 1rem; align-items: baseline; padding: 0.75rem 1.25rem; background: var(--paper); border-bottom: 1px solid var(--line); }
  header h1 { font-size: 1.05rem; margin: 0; }
  #connection { color: var(--muted); }
  #connection[data-state="open"] { color: var(--moved); }
  .replay { margin-left: auto; color: var(--muted); }
  #replayed { color: var(--muted); }
  main { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 44rem), 1fr)); gap: 1rem; padding: 1rem 1.25rem; }
  .empty { color: var(--muted); padding: 2rem 1.25rem; }
  .order { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; display: flex; flex-direction: column; min-width: 0; }
  .order > h2 { font-size: 1rem; margin: 0; padding: 0.6rem 0.9rem; border-bottom: 1px solid var(--line); display: flex; gap: 0.6rem; flex-wrap: wrap; align-items: baseline; }
  .status { background: var(--current); border: 1px solid var(--current-edge); border-radius: 4px; padding: 0 0.4rem; font-weight: 600; }
  .machine { color: var(--muted); font-weight: 400; font-size: 0.85rem; }
  .diagram { overflow: auto; max-height: 40rem; border-bottom: 1px solid var(--line); }
  .diagram svg { display: block; margin: 0 auto; }
  .node rect { fill: #f7f8fb; stroke: #8a93a6; stroke-width: 1.2; }
  .node text { font-size: 13px; fill: var(--ink); }
  .node.final rect { fill: #eeeeee; stroke: #777777; stroke-dasharray: 4 3; }
  .node.initial rect { stroke-width: 2.2; }
  .node.current rect { fill: var(--current); stroke: var(--current-edge); stroke-width: 3; }
  .node.current text { font-weight: 700; }
  .edge path { fill: none; stroke: #8a93a6; stroke-width: 1.2; }
  .edge text { font-size: 11px; fill: var(--muted); }
  .edge.taken path { stroke: var(--moved); stroke-width: 2.4; }
  .edge.taken text { fill: var(--moved); font-weight: 600; }
  .timeline { list-style: none; margin: 0; padding: 0.4rem 0; max-height: 18rem; overflow: auto; font-size: 13px; }
  .timeline li { padding: 0.25rem 0.9rem; border-left: 3px solid transparent; }
  .timeline .when { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 0.5rem; }
  .timeline .type { font-weight: 600; margin-right: 0.4rem; }
  .timeline .refused { border-left-color: var(--refused); background: var(--refused-ground); }
  .timeline .refused .outcome { color: var(--refused); font-weight: 600; }
  .timeline .moved .outcome { color: var(--moved); }
  .blockers { margin: 0.15rem 0 0.1rem 1rem; padding: 0; list-style: disc; }
  .blockers code { font-weight: 600; }
  .dropped { color: var(--muted); font-style: italic; }
  details { padding: 0.4rem 0.9rem 0.7rem; border-top: 1px solid var(--line); }
  details pre { margin: 0.4rem 0 0; font-size: 12px; overflow: auto; max-height: 16rem; background: var(--ground); padding: 0.5rem; border-radius: 4px; }
</style>
</head>
<body>
<header><h1>Orders, live</h1><span id="connection">connecting…</span><span id="count"></span>
<label class="replay">Replay a log <input id="replay" type="file" accept=".jsonl,.json,.log,text/plain"></label><span id="replayed" role="status"></span></header>
<main id="orders" aria-live="polite"></main>
<p class="empty" id="empty">No order yet. Send inspection events to this server (createWebSocketInspector), or replay an inspection log (createInspectionLog's JSON lines).</p>
<script src="/page.js"></script>
</body>
</html>
`;
}
