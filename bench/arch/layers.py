#!/usr/bin/env python3
"""Package layering check: counts imports (and fully qualified references) that run from a lower
layer to a higher one, and pairs of packages that reference each other. Usage:
  python3 bench/arch/layers.py [-v]      (from the repository root)
"""
import collections, os, re, sys

ROOT = 'src/main/java/io/switchboard'
# bottom to top; '(root)' is the bootstrap (Switchboard, Daemon, Services, ...)
ORDER = ['util', 'model', 'config', 'html', 'store', 'voice', 'sim', 'nlp', 'channel',
         'conversation', 'digest', 'api', 'workflow', 'webhook', 'metrics', 'web', 'reliability', 'demo', 'importer',
         '(root)']
REF = re.compile(r'\bio\.switchboard\.([a-z]\w*|[A-Z]\w*)')


def package_of(rel):
  return rel.split(os.sep)[0] if os.sep in rel else '(root)'


def edges():
  found = collections.defaultdict(list)
  for d, _, fs in os.walk(ROOT):
    for f in fs:
      if not f.endswith('.java'):
        continue
      path = os.path.join(d, f)
      rel = os.path.relpath(path, ROOT)
      src = re.sub(r'^package .*$', '', open(path, encoding='utf-8').read(), flags=re.M)
      for m in REF.finditer(src):
        t = m.group(1)
        target = t if t[0].islower() else '(root)'
        if target != package_of(rel):
          found[(package_of(rel), target)].append(rel + ' -> ' + src[m.start():m.end() + 40].split(';')[0].split()[0])
  return found


def main():
  found = edges()
  up = 0
  for (a, b), refs in sorted(found.items()):
    for p in (a, b):
      if p not in ORDER:
        sys.exit('package %s is not in ORDER' % p)
    if ORDER.index(b) > ORDER.index(a):
      up += len(refs)
      print('upward %s -> %s (%d)' % (a, b, len(refs)))
      if '-v' in sys.argv:
        for r in refs:
          print('    ' + r)
  pairs = sorted((a, b) for (a, b) in found if a < b and (b, a) in found)
  for a, b in pairs:
    print('two-way %s <-> %s: %d / %d' % (a, b, len(found[(a, b)]), len(found[(b, a)])))
  print('upward references: %d, two-way package pairs: %d' % (up, len(pairs)))
  return 1 if up or pairs else 0


if __name__ == '__main__':
  sys.exit(main())
