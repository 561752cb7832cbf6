"""collections.ChainMap: lookups through the maps, writes to the first, children and parents."""
from collections import ChainMap
import collections.abc
defaults = {'color': 'red', 'user': 'guest'}
cli = {'user': 'ann'}
cm = ChainMap(cli, defaults)
print(cm['user'], cm['color'], len(cm), list(cm), sorted(cm.items()), cm.get('x', 0), 'color' in cm)
c2 = cm.new_child({'color': 'blue'}); print(c2['color'], c2.parents['color'], c2.maps[0])
cm['new'] = 1; print(cli, cm)
try: del cm['color']
except KeyError as e: print(e)
print(cm.pop('new'), cm.setdefault('z', 5), cli, dict(cm) == {**defaults, **cli}, cm == dict(cm))
print(isinstance(cm, collections.abc.MutableMapping), isinstance(cm, collections.abc.Mapping), bool(ChainMap()), ChainMap({1: 2}) | {3: 4})
cm.update(a=1); print(sorted(cm.keys()), ChainMap.fromkeys('ab', 0))
