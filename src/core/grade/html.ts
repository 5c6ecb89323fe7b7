// The class report as one self-contained offline page: a learners x nodes heatmap (Okabe-Ito colours, which stay
// distinct under the common colour-vision deficiencies, each cell also lettered), sortable by any column, then per
// node its clusters of identical wrong answers with an example cell. No network: inline CSS and JS only. Pure.

import type { ClassReport } from './report'
import { score } from './render'

/** Each status's Okabe-Ito colour, letter and text colour (the app's Class view uses them too). */
export const COLOURS: Record<string, [colour: string, letter: string, text: string]> = {
  pass: ['#009E73', 'P', '#fff'],
  shape: ['#F0E442', 'S', '#000'],
  fail: ['#D55E00', 'F', '#fff'],
  missing: ['#DDDDDD', '–', '#444'],
  error: ['#CC79A7', 'E', '#000'],
  unreadable: ['#888888', '?', '#fff']
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}h3{font-size:1em;margin:1.2em 0 .3em}
table.heat{border-collapse:collapse}
.heat th,.heat td{border:1px solid #fff;padding:0}
.heat thead th{cursor:pointer;vertical-align:bottom;font-weight:600;background:#f4f4f4}
.heat thead th.node{writing-mode:vertical-rl;transform:rotate(180deg);padding:4px 2px;font-family:monospace;font-size:12px}
.heat thead th[aria-sort]::after{content:' ▾'}
.heat td.id{font-family:monospace;padding:0 .6em;white-space:nowrap;max-width:28em;overflow:hidden;text-overflow:ellipsis}
.heat td.score{padding:0 .6em;text-align:right}
.heat td.s{width:18px;height:18px;text-align:center;font:11px monospace;cursor:pointer}
.legend span{display:inline-block;padding:1px 8px;margin-right:6px;font:12px monospace}
.cluster{border-left:4px solid #D55E00;padding:.2em .8em;margin:.4em 0;background:#fafafa}
pre{background:#f0f0f0;padding:.5em;overflow:auto;max-height:18em;font-size:12px}
.err{color:#7a2e5c}`

const SCRIPT = `
(function(){
  var order={pass:0,shape:1,fail:2,error:3,missing:4,unreadable:5,'':6};
  var table=document.querySelector('table.heat'),body=table.tBodies[0];
  body.addEventListener('click',function(ev){
    var td=ev.target.closest('td.s');if(!td)return;
    var at=document.getElementById('node-'+td.getAttribute('data-node'));if(at)at.scrollIntoView();
  });
  table.tHead.addEventListener('click',function(ev){
    var th=ev.target.closest('th');if(!th)return;
    var col=th.cellIndex,kind=th.getAttribute('data-kind');
    var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(c){c.removeAttribute('aria-sort')});
    th.setAttribute('aria-sort',dir===1?'ascending':'descending');
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){
      var x=a.cells[col],y=b.cells[col],r;
      if(kind==='score')r=parseFloat(x.getAttribute('data-v'))-parseFloat(y.getAttribute('data-v'));
      else if(kind==='node')r=order[x.getAttribute('data-status')]-order[y.getAttribute('data-status')];
      else r=0;
      if(r===0){var p=a.cells[0].textContent,q=b.cells[0].textContent;r=p<q?-1:p>q?1:0;if(kind!=='id')return r}
      return r*dir;
    });
    rows.forEach(function(r){body.appendChild(r)});
  });
})();`

/** The page for a report. */
export function reportHTML(report: ClassReport): string {
  const nodes = Object.keys(report.nodes)
  const rows = report.learners
  const head = [
    '<th data-kind="id">learner</th>',
    '<th data-kind="score">score</th>',
    ...nodes.map((k) => `<th class="node" data-kind="node" title="d${esc(k)}">${esc(k)}</th>`)
  ].join('')
  const body = rows
    .map((r) => {
      const cells = nodes.map((k) => {
        const status = r.nodes?.[k] ?? (r.status === 'unreadable' ? 'unreadable' : '')
        const [bg, letter, fg] = COLOURS[status] ?? COLOURS.missing
        return `<td class="s" data-node="${esc(k)}" data-status="${status}" style="background:${bg};color:${fg}" title="${esc(`${r.id} · ${k}: ${status}`)}">${letter}</td>`
      })
      const title = r.error === undefined ? r.id : `${r.id}: ${r.error}`
      return `<tr data-status="${r.status}"><td class="id" title="${esc(title)}">${esc(r.id)}</td><td class="score" data-v="${r.passed / (r.total || 1)}">${r.passed}/${r.total}</td>${cells.join('')}</tr>`
    })
    .join('\n')
  const legend = Object.entries(COLOURS)
    .map(([k, [bg, letter, fg]]) => `<span style="background:${bg};color:${fg}">${letter} ${k}</span>`)
    .join('')
  const problems = rows.filter((r) => r.error !== undefined)
  const clusters = nodes
    .map((k) => {
      const n = report.nodes[k]
      if (n.clusters.length === 0) return ''
      const list = n.clusters
        .map(
          (c) => `<div class="cluster"><b>${c.count}×</b> ${esc(c.diagnosis)}
<details><summary>${c.count === 1 ? 'learner' : `${c.count} learners`}</summary>${c.learners.map(esc).join('<br>')}</details>
<pre>${esc(c.example === '' ? '(no cell)' : c.example)}</pre></div>`
        )
        .join('\n')
      return `<section data-node="${esc(k)}"><h3 id="node-${esc(k)}">${esc(k)}: ${n.pass} pass, ${n.shape} shape, ${n.fail} fail, ${n.missing} missing, ${n.error} error</h3>\n${list}</section>`
    })
    .join('\n')
  const mean = rows.length === 0 ? 0 : rows.reduce((s, r) => s + r.passed / (r.total || 1), 0) / rows.length
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${esc(report.lesson.title)}: class report</title>
<style>${STYLE}</style></head><body>
<h1>${esc(report.lesson.title)}: class report</h1>
<p>${rows.length} learners; mean score ${score(Math.round(mean * 10_000), 10_000)}. Click a column head to sort, a cell to see that node's clusters.</p>
<p class="legend">${legend}</p>
<table class="heat"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
${problems.length === 0 ? '' : `<h2>Files with an error or that could not be read</h2><ul>${problems.map((r) => `<li><code>${esc(r.id)}</code>: <span class="err">${esc(r.error!)}</span></li>`).join('')}</ul>`}
<h2>Clusters of identical wrong answers, per node</h2>
${clusters || '<p>No wrong answers.</p>'}
<script>${SCRIPT}</script>
</body></html>
`
}
