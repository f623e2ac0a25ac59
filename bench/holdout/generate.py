#!/usr/bin/env python3
"""Builds the held-out episodes from their scripts: audio, raw transcript, metadata and gold.

    python3 bench/holdout/generate.py [NAME ...]      # default: every bench/holdout/episodes/*/script.txt

Needs espeak-ng, flite and ffmpeg (Debian: apt-get install espeak-ng flite ffmpeg) and python3-numpy.
Writes, beside each script.txt: episode.mp3 (mono 16 kHz, 32 kbps), episode.raw.txt, episode.meta.json,
episode.gold.json. The same script and seed give the same files (the synthesizers are deterministic).

script.txt, one item a line (blank lines and lines starting with # are ignored):
    show: / title: / hosts: A; B / guests: ... / sponsors: ... / keywords: a; b / summary: text
    voice SPEAKER: espeak-ng VOICE [RATE] | flite VOICE
    == KIND[ SPONSOR]: Chapter title        a chapter (kind intro|ad|content|outro; an ad names its sponsor)
    SPEAKER: edited text                    one turn
In a turn, {Correct|heard form} is a term the recognizer gets wrong: the gold and the voice read Correct, the raw
transcript prints the heard form; {Correct} is a name the recognizer spells right but in lowercase. Every marked term
is a gold entity, counted as often as score.mjs finds it in the whole gold text.

Each turn is read in utterances of whole sentences (8-40 words where the sentences allow), one synthesized piece each,
as the shared samples' audio is; every gap between two pieces, inside a turn, between turns and at a chapter start
alike, is drawn from one distribution: uniform 0.30-1.00 s. Gold turn times come from the pieces' sample counts
(leading and trailing silence trimmed).
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
EPISODES = os.path.join(HERE, 'episodes')
RATE = 16000
GAP = (0.30, 1.00)
MARK = re.compile(r'\{([^{}|]+)(?:\|([^{}]*))?\}')


def parse(path):
    ep = {'hosts': [], 'guests': [], 'sponsors': [], 'keywords': [], 'voices': {}, 'chapters': [], 'turns': []}
    for line in open(path, encoding='utf8'):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('== '):
            head, title = line[3:].split(':', 1)
            kind, *sponsor = head.split(' ', 1)
            ep['chapters'].append({'kind': kind, 'title': title.strip(), 'sponsor': sponsor[0] if sponsor else None, 'first': len(ep['turns'])})
            continue
        key, value = line.split(':', 1)
        value = value.strip()
        if key in ('show', 'title', 'summary'):
            ep[key] = value
        elif key in ('hosts', 'guests', 'sponsors', 'keywords'):
            ep[key] = [v.strip() for v in value.split(';') if v.strip()]
        elif key.startswith('voice '):
            ep['voices'][key[6:].strip()] = value.split()
        else:
            if key not in ep['voices']:
                raise SystemExit(f'{path}: no voice for speaker {key!r}')
            ep['turns'].append({'speaker': key, 'marked': value})
    return ep


def gold_text(marked):
    return MARK.sub(lambda m: m.group(1), marked)


def raw_text(marked):
    """What a recognizer that knows none of the names would print: heard forms, lowercase, no punctuation."""
    text = MARK.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(1).lower(), marked)
    text = text.replace('\u2014', ' ').replace('\u2013', ' ').lower()
    words = []
    for tok in text.split():
        tok = re.sub(r'(?<=\d),(?=\d)', '\0', tok)  # keep 2,500
        tok = tok.strip('.,?!;:"()\u201c\u201d\u2018').replace('\0', ',')
        tok = tok.replace('\u2019', "'").strip("'")
        if tok:
            words.append(tok)
    return ' '.join(words)


def utterances(text, rng=None):
    """A turn cut into utterances of whole sentences, 8-40 words where the sentences allow (each utterance's length
    aimed at a draw from 8-40), as the shared audio is read."""
    sentences = [x for x in re.split(r'(?:(?<=[.?!])|(?<=[.?!]["\u201d]))\s+(?=["\u201c]?[A-Z0-9$])', text) if x]
    rng = rng or random.Random(text)
    out, cur, aim = [], [], rng.randint(8, 40)
    for sent in sentences:
        have, n = len(' '.join(cur).split()), len(sent.split())
        if cur and have >= 8 and (have >= aim or have + n > 40):
            out.append(' '.join(cur))
            cur, aim = [], rng.randint(8, 40)
        cur.append(sent)
    if cur:
        out.append(' '.join(cur))
    return out


def synth(engine, text, out):
    if engine[0] == 'espeak-ng':
        voice, rate = engine[1], engine[2] if len(engine) > 2 else '165'
        subprocess.run(['espeak-ng', '-v', voice, '-s', rate, '-w', out, text], check=True)
    elif engine[0] == 'flite':
        subprocess.run(['flite', '-voice', engine[1], '-t', text, '-o', out], check=True)
    else:
        raise SystemExit(f'unknown synthesizer {engine[0]}')
    pcm = subprocess.run(['ffmpeg', '-v', 'error', '-i', out, '-ac', '1', '-ar', str(RATE), '-f', 's16le', '-'], check=True, capture_output=True).stdout
    x = np.frombuffer(pcm, dtype=np.int16)
    loud = np.nonzero(np.abs(x.astype(np.int32)) > 400)[0]
    if not len(loud):
        raise SystemExit(f'silent synthesis for {text[:40]!r}')
    return x[max(0, loud[0] - 160): loud[-1] + 160]


def build(name):
    folder = os.path.join(EPISODES, name)
    ep = parse(os.path.join(folder, 'script.txt'))
    rng = random.Random(f'holdout:{name}')
    pieces, t = [], 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for k, turn in enumerate(ep['turns']):
            if k:
                gap = rng.uniform(*GAP)
                pieces.append(np.zeros(int(round(gap * RATE)), dtype=np.int16))
                t += len(pieces[-1]) / RATE
            for u, text in enumerate(utterances(gold_text(turn['marked']), rng)):
                if u:
                    pieces.append(np.zeros(int(round(rng.uniform(*GAP) * RATE)), dtype=np.int16))
                    t += len(pieces[-1]) / RATE
                audio = synth(ep['voices'][turn['speaker']], text, os.path.join(tmp, f'{k}-{u}.wav'))
                pieces.append(audio)
                if not u:
                    turn['start'] = round(t, 2)
                t += len(audio) / RATE
            turn['end'] = round(t, 2)
        pcm = np.concatenate(pieces).tobytes()
        subprocess.run(['ffmpeg', '-v', 'error', '-y', '-f', 's16le', '-ar', str(RATE), '-ac', '1', '-i', '-', '-ac', '1', '-ar', str(RATE), '-b:a', '32k',
                        '-metadata', f'title={ep["title"]}', '-metadata', f'artist={ep["show"]}', os.path.join(folder, 'episode.mp3')], input=pcm, check=True)
    duration = round(t, 2)
    turns = [{'speaker': x['speaker'], 'text': gold_text(x['marked']), 'start': x['start'], 'end': x['end']} for x in ep['turns']]
    chapters = [{'title': c['title'], 'kind': c['kind'], 'start': turns[c['first']]['start']} for c in ep['chapters']]
    ads = []
    for i, c in enumerate(ep['chapters']):
        if c['kind'] == 'ad':
            last = (ep['chapters'][i + 1]['first'] if i + 1 < len(ep['chapters']) else len(turns)) - 1
            ads.append({'sponsor': c['sponsor'], 'start': turns[c['first']]['start'], 'end': turns[last]['end']})
    full = ' '.join(x['text'] for x in turns)
    entities, seen = [], set()
    for x in ep['turns']:
        for m in MARK.finditer(x['marked']):
            term = m.group(1)
            if term in seen:
                continue
            seen.add(term)
            esc = re.escape(term)
            count = len(re.findall(rf'(?<![^\W_]){esc}(?![^\W_])', full))
            entities.append({'correct': term, 'count': count})
    gold = {'show': ep['show'], 'title': ep['title'], 'turns': turns, 'chapters': chapters, 'ads': ads, 'duration': duration,
            'entities': entities, 'keywords': ep['keywords'], 'summary': ep['summary']}
    meta = {'show': ep['show'], 'title': ep['title'], 'hosts': ep['hosts'], 'guests': ep['guests'], 'sponsors': ep['sponsors']}
    with open(os.path.join(folder, 'episode.gold.json'), 'w', encoding='utf8') as f:
        json.dump(gold, f, indent=1, ensure_ascii=False)
        f.write('\n')
    with open(os.path.join(folder, 'episode.meta.json'), 'w', encoding='utf8') as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)
        f.write('\n')
    with open(os.path.join(folder, 'episode.raw.txt'), 'w', encoding='utf8') as f:
        f.write(' '.join(raw_text(x['marked']) for x in ep['turns']) + '\n')
    words = len(full.split())
    print(f'{name}: {duration / 60:.1f} min, {len(turns)} turns, {words} words, {len(chapters)} chapters, {len(ads)} ads, {len(entities)} terms')


if __name__ == '__main__':
    names = sys.argv[1:] or sorted(d for d in os.listdir(EPISODES) if os.path.exists(os.path.join(EPISODES, d, 'script.txt')))
    for n in names:
        build(n)
