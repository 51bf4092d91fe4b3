"""Times each engine on inputs known to be slow for Markdown parsers, at three sizes."""
import subprocess
import time

SHAPES = {
    'nested_quotes': lambda n: '> ' * n + 'x\n',
    'open_brackets': lambda n: '[' * n + 'x',
    'open_stars': lambda n: '*a ' * n,
    'emphasis_mix': lambda n: '*_' * n + 'x',
    'unclosed_links': lambda n: '[a](' * n,
    'backtick_runs': lambda n: ''.join('`' * i + 'x' for i in range(1, n // 10)),
    'entities': lambda n: '&#' * n,
    'open_autolinks': lambda n: '<' * n + 'a',
    'link_refdefs': lambda n: ''.join(f'[a{i}]: /u\n' for i in range(n)) + '[a1]' * n,
    'long_table': lambda n: '|a|b|\n|---|---|\n' + '|x|y|\n' * n,
    'wide_header_short_rows': lambda n: '|' + 'a|' * 100 + '\n|' + '---|' * 100 + '\n' + '|x\n' * n,
}

for shape, make in SHAPES.items():
    row = [shape]
    for n in (5000, 20000, 80000):
        data = make(n).encode()
        for prog in ('cm', 'md'):
            start = time.perf_counter()
            try:
                subprocess.run(['./' + prog], input=data, capture_output=True, timeout=60)
                row.append(f'{prog} {n // 1000}k: {(time.perf_counter() - start) * 1000:.0f} ms')
            except subprocess.TimeoutExpired:
                row.append(f'{prog} {n // 1000}k: >60 s')
        row.append(f'({len(data) // 1024} KiB)')
    print(' | '.join(row), flush=True)
