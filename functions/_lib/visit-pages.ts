import type { Page } from './html';

/**
 * The local visit rooms' pages (development stand-in for the meeting service's web join).
 * Ids are validated before they get here and are passed to scripts as JSON.
 */
export function lobbyPage(meetingId: string): Page {
  return {
    title: 'Virtual visit: lobby',
    body: `<h1>Virtual visit</h1>
<p id="status" data-testid="lobby-status" aria-live="polite">Joining…</p>
<p class="muted">Keep this page open. Your clinician will let you in. <a href="../device-test">Test your camera and microphone</a></p>`,
    script: `const room=${JSON.stringify(meetingId)};const status=document.getElementById('status');
async function poll(id){const r=await fetch('participants/'+id);if(!r.ok){status.textContent='This visit is no longer available.';return;}
const p=await r.json();if(p.state==='admitted'){status.textContent='You are in the visit.';status.dataset.state='admitted';return;}
setTimeout(()=>poll(id),1000);}
fetch('participants',{method:'POST'}).then(async r=>{if(!r.ok){status.textContent='This visit room does not exist. Open the link from your clinic again.';return;}
const p=await r.json();status.textContent='You are waiting in the lobby. Your clinician will let you in soon.';status.dataset.state='waiting';poll(p.participantId);});`,
  };
}

export function hostPage(meetingId: string, hostKey: string): Page {
  return {
    title: 'Virtual visit: organiser',
    body: `<h1>Virtual visit</h1>
<p>You are the organiser. People waiting in the lobby:</p>
<ul id="lobby" data-testid="lobby-list"><li class="muted">Nobody is waiting.</li></ul>`,
    script: `const key=${JSON.stringify(hostKey)};const list=document.getElementById('lobby');
function render(people){list.replaceChildren();if(people.length===0){const li=document.createElement('li');li.className='muted';li.textContent='Nobody is waiting.';list.append(li);return;}
people.forEach((p,i)=>{const li=document.createElement('li');li.dataset.state=p.state;li.textContent='Guest '+(i+1)+(p.state==='admitted'?' (in the visit) ':' (waiting) ');
if(p.state==='waiting'){const b=document.createElement('button');b.textContent='Admit';b.dataset.testid='admit';b.onclick=async()=>{b.disabled=true;await fetch('participants/'+p.participantId+'/admit',{method:'POST',headers:{'X-Visit-Host-Key':key}});refresh();};li.append(b);}
list.append(li);});}
async function refresh(){const r=await fetch('participants',{headers:{'X-Visit-Host-Key':key}});if(r.ok)render(await r.json());}
refresh();setInterval(refresh,1000);`,
  };
}

export function deviceTestPage(): Page {
  return {
    title: 'Virtual visit: device test',
    permissions: 'camera=(self), microphone=(self)',
    body: `<h1>Test your camera and microphone</h1>
<p>Your browser will ask for permission. Nothing is recorded or sent.</p>
<button id="run" data-testid="run-device-test">Start the test</button>
<ul><li>Camera: <span id="camera" data-testid="camera-result">not tested</span></li>
<li>Microphone: <span id="microphone" data-testid="microphone-result">not tested</span></li></ul>
<video id="preview" autoplay muted playsinline width="320" hidden></video>`,
    script: `async function permission(name){try{return (await navigator.permissions.query({name})).state;}catch{return 'unknown';}}
async function test(kind){const out=document.getElementById(kind==='video'?'camera':'microphone');
if(!navigator.mediaDevices||!navigator.mediaDevices.getUserMedia){out.textContent='not supported by this browser';return;}
try{const s=await navigator.mediaDevices.getUserMedia(kind==='video'?{video:true}:{audio:true});
const ok=s.getTracks().some(t=>t.readyState==='live');out.textContent=ok?'works':'no signal';out.dataset.result=ok?'ok':'failed';
if(kind==='video'){const v=document.getElementById('preview');v.srcObject=s;v.hidden=false;}else s.getTracks().forEach(t=>t.stop());}
catch(e){const state=await permission(kind==='video'?'camera':'microphone');out.dataset.result='failed';
out.textContent=e&&e.name==='NotAllowedError'?'permission denied ('+state+'): allow it in your browser settings':e&&e.name==='NotFoundError'?'no device found':'failed ('+(e&&e.name)+')';}}
document.getElementById('run').onclick=async()=>{await test('video');await test('audio');};`,
  };
}
