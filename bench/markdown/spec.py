import re, subprocess, sys, html
from html.parser import HTMLParser
text = open('spec.txt', encoding='utf-8').read()
fence = '`' * 32
ex = re.findall(r'^' + fence + r' example([^\n]*)\n(.*?)^\.\n(.*?)^' + fence + r'$', text, re.S | re.M)
# section headings for reporting
class Canon(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True); self.out = []
    def handle_starttag(self, t, a):
        a = sorted((k, v or '') for k, v in a if k not in ('class',))
        self.out.append('<%s %s>' % (t, a))
    def handle_startendtag(self, t, a): self.handle_starttag(t, a)
    def handle_endtag(self, t): self.out.append('</%s>' % t)
    def handle_data(self, d):
        d = re.sub(r'\s+', ' ', d)
        if d.strip(): self.out.append(d.strip())
    def handle_comment(self, d): self.out.append('<!--%s-->' % d)
def canon(h):
    p = Canon(); p.feed(h); p.close(); return p.out
res = {}
for prog in sys.argv[1:]:
    ok = 0; fails = {'core': 0, 'ext': 0}
    for info, md, want in ex:
        md = md.replace('\u2192', '\t'); want = want.replace('\u2192', '\t')
        got = subprocess.run(['./' + prog], input=md.encode(), capture_output=True).stdout.decode('utf-8', 'replace')
        if canon(got) == canon(want): ok += 1
        else: fails['ext' if info.strip() else 'core'] += 1
    ext_total = sum(1 for i, _, _ in ex if i.strip())
    print(f'{prog}: {ok}/{len(ex)} pass; failures core {fails["core"]}/{len(ex)-ext_total}, extensions {fails["ext"]}/{ext_total}')
